-- codex-config-lsp as an nvim-lspconfig style config file (Neovim 0.11+).
-- Save as ~/.config/nvim/lsp/codex_config.lua (any lsp/ directory on the
-- runtimepath, as nvim-lspconfig ships its configs), then in init.lua:
--   vim.lsp.enable('codex_config')
-- It attaches only to **/.codex/config.toml, **/.codex/*.config.toml and
-- $CODEX_HOME/config.toml, never to Cargo's, Hugo's or any other config.toml.

local function is_codex_config(name)
  if name == '' then return false end
  name = vim.fs.normalize(name)
  if name:match('/%.codex/config%.toml$') or name:match('/%.codex/[^/]+%.config%.toml$') then
    return true
  end
  local home = vim.env.CODEX_HOME
  return home ~= nil and home ~= ''
    and name == vim.fs.normalize(vim.fn.fnamemodify(home, ':p')) .. '/config.toml'
end

---@type vim.lsp.Config
return {
  cmd = { 'codex-config-lsp', 'serve' },
  filetypes = { 'toml' },
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if is_codex_config(name) then on_dir(vim.fs.dirname(name)) end
  end,
  settings = { codexConfig = {} },
}
