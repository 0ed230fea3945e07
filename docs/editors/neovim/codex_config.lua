-- codex-config-lsp for Neovim 0.11+ (vim.lsp.config / vim.lsp.enable).
-- Put this in your init.lua. It starts the server only for Codex config files:
-- **/.codex/config.toml, **/.codex/*.config.toml and $CODEX_HOME/config.toml,
-- never for Cargo's, Hugo's or any other config.toml.

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

vim.lsp.config('codex_config', {
  cmd = { 'codex-config-lsp', 'serve' },
  filetypes = { 'toml' },
  -- Neovim calls root_dir for every toml buffer; the server starts only
  -- where on_dir is called.
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if is_codex_config(name) then on_dir(vim.fs.dirname(name)) end
  end,
  settings = {
    codexConfig = {
      -- catalogPath = vim.fn.expand('~/.codex/models.json'),
      -- severity = { ['unknown-key'] = 'hint', ['model-unavailable'] = 'off' },
    },
  },
})
vim.lsp.enable('codex_config')
