-- Facts, mentions and relevance belong to the current version of an existing document.
SELECT 'facts' AS tbl, x.fact_id AS id FROM facts x LEFT JOIN documents d USING (doc_id)
WHERE d.content_hash IS DISTINCT FROM x.content_hash
UNION ALL
SELECT 'mentions', x.mention_id FROM mentions x LEFT JOIN documents d USING (doc_id)
WHERE d.content_hash IS DISTINCT FROM x.content_hash
UNION ALL
SELECT 'doc_relevance', x.doc_id FROM doc_relevance x LEFT JOIN documents d USING (doc_id)
WHERE d.content_hash IS DISTINCT FROM x.content_hash
ORDER BY 1, 2;
