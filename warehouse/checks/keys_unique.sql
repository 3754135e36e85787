-- Keys are unique (the tables carry no index, so the loader keeps them unique and this check proves it).
SELECT 'documents' AS tbl, doc_id AS id FROM documents GROUP BY doc_id HAVING count(*) > 1
UNION ALL
SELECT 'document_versions', doc_id || '/' || version_no FROM document_versions
GROUP BY doc_id, version_no HAVING count(*) > 1
UNION ALL
SELECT 'document_versions', doc_id || '/' || content_hash FROM document_versions
GROUP BY doc_id, content_hash HAVING count(*) > 1
UNION ALL
SELECT 'facts', fact_id FROM facts GROUP BY fact_id HAVING count(*) > 1
UNION ALL
SELECT 'mentions', mention_id FROM mentions GROUP BY mention_id HAVING count(*) > 1
UNION ALL
SELECT 'doc_relevance', doc_id FROM doc_relevance GROUP BY doc_id HAVING count(*) > 1
UNION ALL
SELECT 'deals', deal_id FROM deals GROUP BY deal_id HAVING count(*) > 1
UNION ALL
SELECT 'organisations', org_id FROM organisations GROUP BY org_id HAVING count(*) > 1
UNION ALL
SELECT 'organisations', name FROM organisations GROUP BY name HAVING count(*) > 1
UNION ALL
SELECT 'run_log', run_id FROM run_log GROUP BY run_id HAVING count(*) > 1
ORDER BY 1, 2;
