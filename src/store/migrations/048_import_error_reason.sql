-- Why an import run failed, as a code a page words itself (GET /imports `error_reason`): stored by
-- the import when it fails (ingest/import-file.ts), not read back from `error`, the CLI's message
-- (which names --map). NULL: the run did not fail, or failed for a reason without a code.
-- {"code": "missing_columns", "fields": [...], "columns": "...", "first_row_data": bool}
ALTER TABLE import_runs ADD COLUMN error_reason jsonb;

-- Runs that failed before: their code read once from the message importFile wrote (as the server
-- read it until now, runErrorReason): "no column gives f1, f2: name one with --map … / … 파일의 열:
-- <columns>[. 첫 행이 열 이름이 아니라 데이터로 보입니다…]". `columns` is NULL when the message was
-- cut (2,000 characters) before its Korean half. Only these runs: the migration reads no file.
UPDATE import_runs r
   SET error_reason = jsonb_build_object(
         'code', 'missing_columns',
         'fields', to_jsonb(string_to_array(p.fields[1], ', ')),
         'columns', split_part(p.ko[1], '. 첫 행이 열 이름이 아니라 데이터로 보입니다', 1),
         'first_row_data', strpos(r.error, '. The first row looks like data, not column names') > 0
                           OR coalesce(strpos(p.ko[1], '. 첫 행이 열 이름이 아니라 데이터로 보입니다') > 0, false))
  FROM (SELECT id,
               regexp_match(error, '^no column gives ([a-z_]+(?:, [a-z_]+)*): name one with --map([^A-Za-z0-9_]|$)') AS fields,
               regexp_match(error, '에 해당하는 열이 없습니다\. --map으로 지정하세요[^.]*\. 파일의 열: (.*)$') AS ko
          FROM import_runs
         WHERE status = 'failed' AND error LIKE 'no column gives %') p
 WHERE r.id = p.id AND p.fields IS NOT NULL;
