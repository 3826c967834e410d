-- Data-subject scope for the workspace tables that name a person and had none: without it a person's export
-- found none of their rows there (DataExportTest#everyTableThatNamesThePersonIsExported, DR-01).
CREATE POLICY tool_credentials_subject ON tool_credentials FOR SELECT
    USING (created_by = app_subject_id() OR updated_by = app_subject_id());
CREATE POLICY end_user_requests_subject ON end_user_requests FOR SELECT USING (instructed_by = app_subject_id());
CREATE POLICY workspace_data_agreements_subject ON workspace_data_agreements FOR SELECT
    USING (accepted_by = app_subject_id());
CREATE POLICY workspace_retention_subject ON workspace_retention FOR SELECT USING (updated_by = app_subject_id());
