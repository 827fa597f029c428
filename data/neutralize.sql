-- A neutralized copy of a production database must not call, text or email
-- real customers: its automations only record what they would have sent.
UPDATE res_company
   SET sale_status_sandbox = true;
