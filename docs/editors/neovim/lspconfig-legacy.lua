-- codex-config-lsp through nvim-lspconfig's legacy framework, for Neovim 0.10
-- with nvim-lspconfig 1.x (deprecated on Neovim 0.11+: use codex_config.lua).
-- It attaches only to **/.codex/config.toml, **/.codex/*.config.toml and
-- $CODEX_HOME/config.toml, never to Cargo's, Hugo's or any other config.toml.

local configs = require('lspconfig.configs')

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

if not configs.codex_config then
  configs.codex_config = {
    default_config = {
      cmd = { 'codex-config-lsp', 'serve' },
      filetypes = { 'toml' },
      -- nil for any other file: lspconfig then does not attach
      root_dir = function(fname)
        if is_codex_config(fname) then return vim.fs.dirname(fname) end
      end,
      single_file_support = false,
      settings = { codexConfig = {} },
    },
  }
end
require('lspconfig').codex_config.setup({})
