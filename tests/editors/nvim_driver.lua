-- Drive codex-config-lsp through Neovim's own LSP client, headless, the way a
-- user's config starts it: the documented snippet is loaded, then files are
-- opened with :edit so that filetype detection and vim.lsp.enable decide.
--
--   CODEX_NVIM_SPEC=spec.json timeout 60 nvim --headless --clean -n -i NONE \
--     -c 'luafile tests/editors/nvim_driver.lua'
--
-- spec.json (written by test_neovim.py):
--   out          path of the JSON report
--   snippet      Lua file to run as a user's init.lua would (vim.lsp.config style)
--   runtime_dir  or: a directory holding lsp/codex_config.lua, put on the
--                runtimepath before vim.lsp.enable('codex_config')
--   settings     optional: user settings layered on top with vim.lsp.config()
--   file         the Codex config to open first
--   expect_first {code, line, severity?}: wait for this diagnostic after opening
--   hover        list of {line, find, offset}: cursor on the match, vim.lsp.buf.hover()
--   edit         {line, text, wait_code}: nvim_buf_set_lines, wait for wait_code
--   completion   {line, text, cursor_after, accept}: set the line, complete at
--                the end of cursor_after, apply the accepted item's textEdit
--   popup        {line, text, cursor_after, keys}: the same in Insert mode with
--                vim.lsp.completion (the built-in completion menu), then keys
--                are typed (e.g. <C-y><Esc> accepts the selected item)
--   rename       {line, find, offset, new}: cursor on the match, vim.lsp.buf.rename(new);
--                wait until `find` is gone from the buffer, report its lines
--   format       {line, text}: set the line, vim.lsp.buf.format(), report the buffer's lines
--   attach / no_attach  files that must / must not get the server
--   timeout_ms   per wait
-- Lines are 0-based, columns are byte columns as Neovim holds them. The report
-- is written in every case; exit code 0 when no step failed outright (the
-- test judges the content).

local uv = vim.uv or vim.loop
local t0 = uv.hrtime()
local function ms() return math.floor((uv.hrtime() - t0) / 1e6) end

local spec_path = assert(os.getenv('CODEX_NVIM_SPEC'), 'CODEX_NVIM_SPEC is not set')
local spec = vim.json.decode(table.concat(vim.fn.readfile(spec_path), '\n'))
local timeout = spec.timeout_ms or 10000
local NAME = 'codex_config'

local v = vim.version()
local report = {
  nvim_version = string.format('%d.%d.%d', v.major, v.minor, v.patch),
  errors = {}, timings_ms = {}, pulls = 0, pushes = 0, messages = {},
}
local function fail(msg) table.insert(report.errors, msg) end

-- Count how diagnostics arrive, whatever the snippet configured: wrap the
-- global handlers the client falls back to.
local function wrap(method, count)
  local orig = vim.lsp.handlers[method]
  vim.lsp.handlers[method] = function(err, result, ctx, config)
    local c = vim.lsp.get_client_by_id(ctx.client_id)
    if c and c.name == NAME then report[count] = report[count] + 1 end
    return orig(err, result, ctx, config)
  end
end
wrap('textDocument/diagnostic', 'pulls')
wrap('textDocument/publishDiagnostics', 'pushes')
for _, m in ipairs({ 'window/showMessage', 'window/logMessage' }) do
  local orig = vim.lsp.handlers[m]
  vim.lsp.handlers[m] = function(err, result, ctx, config)
    table.insert(report.messages, result and result.message or vim.NIL)
    if m == 'window/showMessage' then return vim.NIL end -- no prompt in headless
    return orig(err, result, ctx, config)
  end
end

local function client_for(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = NAME })[1]
end

local function editor_diagnostics(bufnr)
  local res = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(res, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code, message = d.message, source = d.source,
    })
  end
  table.sort(res, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return res
end

local function has_code(bufnr, code, line, severity)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code and (line == nil or d.lnum == line) and (severity == nil or d.severity == severity) then
      return true
    end
  end
  return false
end

local function wait(label, pred)
  local ok = vim.wait(timeout, pred, 10)
  report.timings_ms[label] = ms()
  if not ok then fail(label .. ': timed out after ' .. timeout .. ' ms') end
  return ok
end

local function set_cursor_on(line, find, offset)
  local text = vim.api.nvim_buf_get_lines(0, line, line + 1, false)[1] or ''
  local s = text:find(find, 1, true)
  if not s then error(('%q not on line %d: %q'):format(find, line, text)) end
  vim.api.nvim_win_set_cursor(0, { line + 1, s - 1 + (offset or 0) })
end

local function main()
  -- 1. the user's config
  if spec.snippet then
    dofile(spec.snippet)
  else
    vim.opt.runtimepath:prepend(spec.runtime_dir)
    vim.lsp.enable(NAME)
  end
  if spec.settings then vim.lsp.config(NAME, { settings = spec.settings }) end

  -- 2. open the Codex config; the server must start for it
  vim.cmd.edit(vim.fn.fnameescape(spec.file))
  local bufnr = vim.api.nvim_get_current_buf()
  report.filetype = vim.bo[bufnr].filetype
  if not wait('attach', function() return client_for(bufnr) ~= nil end) then return end
  local client = client_for(bufnr)
  if not wait('initialize', function() return client.initialized or client:is_stopped() end) then return end
  report.offset_encoding = client.offset_encoding
  report.server_info = client.server_info or vim.NIL
  report.root_dir = client.root_dir or vim.NIL
  report.cmd = client.config.cmd
  report.pull_capable = client:supports_method('textDocument/diagnostic')

  local first = spec.expect_first
  wait('first_diagnostics', function() return has_code(bufnr, first.code, first.line, first.severity) end)
  vim.wait(200, function() return false end, 10) -- let any refresh land
  report.first = { diagnostics = editor_diagnostics(bufnr), pulls = report.pulls, pushes = report.pushes }

  -- 3. hover through the editor's own command; read the floating window
  report.hover = {}
  for _, h in ipairs(spec.hover or {}) do
    set_cursor_on(h.line, h.find, h.offset)
    vim.b[bufnr].lsp_floating_preview = nil
    vim.lsp.buf.hover()
    local entry = { line = h.line, find = h.find, lines = vim.NIL }
    if vim.wait(timeout, function()
      local w = vim.b[bufnr].lsp_floating_preview
      return w ~= nil and vim.api.nvim_win_is_valid(w)
    end, 10) then
      local w = vim.b[bufnr].lsp_floating_preview
      entry.lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false)
      vim.api.nvim_win_close(w, true)
    else
      fail('hover on ' .. h.find .. ': no floating window within ' .. timeout .. ' ms')
    end
    table.insert(report.hover, entry)
  end
  report.timings_ms.hover = ms()

  -- 4. an edit in the editor: didChange, then a new pull
  local e = spec.edit
  if e then
    local pulls = report.pulls
    vim.api.nvim_buf_set_lines(bufnr, e.line, e.line + 1, false, { e.text })
    wait('edit_diagnostics', function() return has_code(bufnr, e.wait_code, e.line) end)
    report.edit = { diagnostics = editor_diagnostics(bufnr), pulls = report.pulls - pulls }
  end

  -- 5. completion at the cursor, with the params Neovim builds itself; the
  -- accepted item's textEdit is applied the way the editor applies edits
  local c = spec.completion
  if c then
    vim.api.nvim_buf_set_lines(bufnr, c.line, c.line + 1, false, { c.text })
    set_cursor_on(c.line, c.cursor_after, #c.cursor_after)
    local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
    params.context = { triggerKind = 1 }
    local resp = client:request_sync('textDocument/completion', params, timeout, bufnr)
    local entry = { position = params.position, labels = {}, error = vim.NIL }
    if not resp or resp.err then
      entry.error = resp and tostring(resp.err.message) or 'timeout'
      fail('completion: ' .. tostring(entry.error))
    else
      local items = resp.result and (resp.result.items or resp.result) or {}
      local chosen
      for _, it in ipairs(items) do
        table.insert(entry.labels, it.label)
        if it.label == c.accept then chosen = it end
      end
      if chosen and chosen.textEdit then
        local te = chosen.textEdit
        entry.text_edit = te
        local range = te.range or te.replace -- InsertReplaceEdit: replace the typed word
        vim.lsp.util.apply_text_edits({ { range = range, newText = te.newText } }, bufnr, client.offset_encoding)
        entry.line_after = vim.api.nvim_buf_get_lines(bufnr, c.line, c.line + 1, false)[1]
        wait('diagnostics_after_completion', function() return not has_code(bufnr, e and e.wait_code or '', c.line) end)
        entry.diagnostics_after = editor_diagnostics(bufnr)
      else
        fail('completion: no item ' .. c.accept .. ' with a textEdit')
      end
    end
    report.completion = entry
  end

  -- 5b. rename through the editor's own command: prepareRename, rename, and
  -- the workspace edit applied by Neovim
  local r = spec.rename
  if r then
    set_cursor_on(r.line, r.find, r.offset)
    vim.lsp.buf.rename(r.new)
    local function text() return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') end
    wait('rename', function() return not text():find(r.find, 1, true) end)
    report.rename = { lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) }
  end

  -- 5c. formatting through the editor's own command (a synchronous request)
  local f = spec.format
  if f then
    vim.api.nvim_buf_set_lines(bufnr, f.line, f.line + 1, false, { f.text })
    vim.lsp.buf.format({ bufnr = bufnr, async = false, timeout_ms = timeout })
    report.format = { lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) }
  end

  return bufnr, client
end

-- 6. the editor's own completion UI (vim.lsp.completion): this needs Insert
-- mode, which only starts once the script returns to the main loop, so it
-- runs from scheduled callbacks
local function popup(bufnr, client, done)
  local p = spec.popup
  if not p then return done() end
  vim.lsp.completion.enable(true, client.id, bufnr, {})
  vim.api.nvim_buf_set_lines(bufnr, p.line, p.line + 1, false, { p.text })
  set_cursor_on(p.line, p.cursor_after, #p.cursor_after)
  local entry = { words = {}, pum_visible = false, line_after = vim.NIL }
  report.popup = entry
  vim.cmd('startinsert')
  vim.defer_fn(function()
    local ok, err = xpcall(function()
      entry.mode = vim.api.nvim_get_mode().mode
      vim.lsp.completion.get()
      entry.pum_visible = vim.wait(timeout, function() return vim.fn.pumvisible() == 1 end, 10)
      local info = vim.fn.complete_info({ 'items', 'selected' })
      for _, it in ipairs(info.items) do table.insert(entry.words, it.word) end
      entry.selected = info.selected
      -- accept what the menu shows selected, leave Insert mode
      entry.pulls_before = report.pulls
      vim.api.nvim_feedkeys(vim.keycode(p.keys), 'n', false)
    end, debug.traceback)
    if not ok then fail(tostring(err)); return done() end
    vim.defer_fn(function()
      local ok2, err2 = xpcall(function()
        entry.line_after = vim.api.nvim_buf_get_lines(bufnr, p.line, p.line + 1, false)[1]
        entry.mode_after = vim.api.nvim_get_mode().mode
        -- the diagnostics for what the accepted item left in the buffer
        if not vim.wait(timeout, function() return report.pulls > entry.pulls_before end, 10) then
          fail('popup: no diagnostics pulled after the accepted completion')
        end
        vim.wait(200, function() return false end, 10)
        entry.diagnostics_after = editor_diagnostics(bufnr)
      end, debug.traceback)
      if not ok2 then fail(tostring(err2)) end
      done()
    end, 300)
  end, 50)
end

local function finish_steps()
  -- 7. which other files get the server
  report.attach = {}
  for _, group in ipairs({ { spec.attach or {}, true }, { spec.no_attach or {}, false } }) do
    for _, path in ipairs(group[1]) do
      vim.cmd.edit(vim.fn.fnameescape(path))
      local b = vim.api.nvim_get_current_buf()
      local got = vim.wait(group[2] and timeout or 300, function() return client_for(b) ~= nil end, 10)
      table.insert(report.attach, { path = path, filetype = vim.bo[b].filetype, attached = got })
    end
  end

  -- 8. clean shutdown: shutdown request + exit for every client
  local ids = {}
  for _, cl in ipairs(vim.lsp.get_clients({ name = NAME })) do table.insert(ids, cl.id) end
  report.clients = #ids
  vim.lsp.stop_client(ids)
  report.stopped = vim.wait(5000, function() return #vim.lsp.get_clients({ name = NAME }) == 0 end, 10)
  report.timings_ms.total = ms()
end

local function write_and_quit()
  report.lsp_log = vim.lsp.get_log_path()
  vim.fn.writefile({ vim.json.encode(report) }, spec.out)
  if #report.errors == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
end

local ok, res1, res2 = xpcall(main, debug.traceback)
if not ok then
  fail(tostring(res1))
  write_and_quit()
elseif not res1 then
  write_and_quit() -- main gave up early; its reason is in errors
else
  popup(res1, res2, function()
    local ok3, err3 = xpcall(finish_steps, debug.traceback)
    if not ok3 then fail(tostring(err3)) end
    write_and_quit()
  end)
end
