-- Drives the socklint server from Neovim's own LSP client (0.7: vim.lsp.start_client) and writes
-- what the server said to a JSON file; scripts/e2e/neovim.mjs compares it with the expectations.
-- Neovim 0.7 cannot pull diagnostics, so this also covers the server's push mode.
local env = vim.env
local workspace = env.SOCKLINT_WORKSPACE
local out_path = env.SOCKLINT_NVIM_OUT
local wait_ms = tonumber(env.SOCKLINT_NVIM_WAIT_MS or '20000')
local files = vim.split(env.SOCKLINT_NVIM_FILES, ',', { plain = true })
local fix_file = env.SOCKLINT_NVIM_FIX_FILE
local fix_code = env.SOCKLINT_NVIM_FIX_CODE
local settings_file = env.SOCKLINT_NVIM_SETTINGS_FILE

local report = { files = {}, log = {} }
local published = {} -- uri -> list of publishDiagnostics params, in arrival order

local function write_report()
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
end

local function fail(message)
  report.error = message
  write_report()
  vim.cmd('1cquit!')
end

local function wait_for(what, condition)
  if not vim.wait(wait_ms, condition, 20) then fail('timed out after ' .. wait_ms .. ' ms waiting for ' .. what) end
end

local function main()
local settings = { socklint = { enable = true, rules = vim.empty_dict(), platform = 'auto' } }

local client_id = vim.lsp.start_client({
  name = 'socklint',
  cmd = { env.SOCKLINT_NODE, env.SOCKLINT_SERVER, '--stdio' },
  root_dir = workspace,
  workspace_folders = { { uri = vim.uri_from_fname(workspace), name = 'fixtures' } },
  settings = settings,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      published[result.uri] = published[result.uri] or {}
      table.insert(published[result.uri], result)
      return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
    end,
    ['window/logMessage'] = function(_, result)
      table.insert(report.log, result.message)
    end,
  },
  on_exit = function(code, signal)
    report.exit = { code = code, signal = signal }
  end,
})
if not client_id then fail('vim.lsp.start_client returned nil') end
local client = vim.lsp.get_client_by_id(client_id)
wait_for('the server to initialize', function() return client.initialized end)

-- The filetype is the languageId Neovim sends in didOpen (Neovim's own names for these languages).
local filetypes = {
  c = 'c', h = 'c', cpp = 'cpp', cc = 'cpp', hpp = 'cpp',
  ts = 'typescript', mts = 'typescript', cts = 'typescript', tsx = 'typescriptreact',
  js = 'javascript', mjs = 'javascript', cjs = 'javascript', jsx = 'javascriptreact',
}

-- The newest push for uri, once there are more than `after` pushes.
local function next_push(uri, after, what)
  wait_for(what, function() return #(published[uri] or {}) > after end)
  local pushes = published[uri]
  return pushes[#pushes]
end

local buffers = {}
for _, name in ipairs(files) do
  local path = workspace .. '/' .. name
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = filetypes[vim.fn.fnamemodify(name, ':e')]
  vim.lsp.buf_attach_client(bufnr, client_id)
  local uri = vim.uri_from_bufnr(bufnr)
  buffers[name] = { bufnr = bufnr, uri = uri }
  local push = next_push(uri, 0, 'diagnostics for ' .. name)
  report.files[name] = { uri = uri, diagnostics = push.diagnostics }
end

-- The preferred quick fix, asked for exactly as an editor does: the diagnostic's range and the diagnostic.
local target = buffers[fix_file]
local before = report.files[fix_file].diagnostics
local diagnostic
for _, d in ipairs(before) do
  if d.code == fix_code then diagnostic = d end
end
if not diagnostic then fail('no ' .. fix_code .. ' diagnostic in ' .. fix_file) end
local response = client.request_sync('textDocument/codeAction', {
  textDocument = { uri = target.uri },
  range = diagnostic.range,
  context = { diagnostics = { diagnostic }, only = { 'quickfix' } },
}, wait_ms, target.bufnr)
if not response or response.err then fail('codeAction failed: ' .. vim.inspect(response)) end
local actions = response.result or {}
report.actions = actions
local preferred
for _, action in ipairs(actions) do
  if action.isPreferred then preferred = action end
end
if not preferred then fail('no preferred code action among ' .. #actions) end

local pushes_before = #published[target.uri]
vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding or 'utf-16')
-- The edit may reach the server as several didChange notifications: wait for the push of the final text.
local version = vim.lsp.util.buf_versions[target.bufnr]
wait_for('diagnostics after the quick fix', function()
  local pushes = published[target.uri]
  return #pushes > pushes_before and (pushes[#pushes].version == nil or pushes[#pushes].version == version)
end)
local after = published[target.uri][#published[target.uri]]
report.after_fix = {
  diagnostics = after.diagnostics,
  text = table.concat(vim.api.nvim_buf_get_lines(target.bufnr, 0, -1, false), '\n'),
}

-- A settings change reaches the server through workspace/configuration, which Neovim answers
-- from client.config.settings, after the didChangeConfiguration notification.
local other = buffers[settings_file]
local pushes = #published[other.uri]
settings.socklint.rules = { [fix_code] = 'error' }
client.config.settings = settings
client.notify('workspace/didChangeConfiguration', { settings = settings })
report.after_settings = {
  file = settings_file,
  diagnostics = next_push(other.uri, pushes, 'diagnostics after a settings change').diagnostics,
}

client.stop()
wait_for('the server to exit', function() return report.exit ~= nil end)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then fail(tostring(err)) end
write_report()
vim.cmd('qall!')
