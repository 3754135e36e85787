-- Each document points at an existing version whose hash is its content_hash.
SELECT d.doc_id FROM documents d
WHERE NOT EXISTS (
    SELECT 1 FROM document_versions v
    WHERE v.doc_id = d.doc_id AND v.version_no = d.current_version AND v.content_hash = d.content_hash
)
ORDER BY d.doc_id;
