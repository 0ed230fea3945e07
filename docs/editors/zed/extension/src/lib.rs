use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct CodexConfigExtension;

impl zed::Extension for CodexConfigExtension {
    fn new() -> Self {
        CodexConfigExtension
    }

    // `codex-config-lsp serve` from the worktree's PATH (pip install codex-config-lsp)
    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree
            .which("codex-config-lsp")
            .ok_or_else(|| "codex-config-lsp is not on PATH: pip install codex-config-lsp".to_string())?;
        Ok(zed::Command {
            command,
            args: vec!["serve".into()],
            env: worktree.shell_env(),
        })
    }

    // "lsp": { "codex-config-lsp": { "settings": { "codexConfig": { ... } } } }
    fn language_server_workspace_configuration(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.settings))
    }
}

zed::register_extension!(CodexConfigExtension);
