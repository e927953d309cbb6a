-- AIPRICE pilot replay: the monthly aggregation of a conversation history (docs/replay.md).
--
-- Input: a table `conversations`, one row per conversation, with the canonical columns
--   conversation_id      STRING     not null
--   started_at           TIMESTAMP  not null, in UTC (a time without a zone, or set the session to UTC)
--   input_tokens         BIGINT     not null (cached ones included; 0 when none)
--   cached_input_tokens  BIGINT     not null (0 when none)
--   output_tokens        BIGINT     not null (0 when none)
--   ai_resolved          BOOLEAN    not null: the vendor's definition of a resolution
--   reopened_at          TIMESTAMP  null when never reopened (UTC, as started_at)
--   csat                 DOUBLE     null when unrated
--   human_handled        BOOLEAN    not null
-- A missing optional column can be given as a constant: 0 for tokens, NULL for reopened_at and csat,
-- FALSE for human_handled.
--
-- Output: one row per UTC calendar month of started_at, ordered by month; the columns are what
-- `aiprice backtest --aggregated FILE` reads back (as CSV with this header).
--
-- {{window_days}} (D, whole days) and {{csat_threshold}} (T) are the buyer's definition of a
-- resolution: an AI resolution counts for the buyer when it was not reopened within D days
-- (reopened_at - started_at <= D days counts against) and, where rated, its CSAT is at least T.
-- `aiprice backtest --print-sql` prints this query with them filled in.
--
-- Dialect: kept to what DuckDB, Spark SQL (3.x) and BigQuery (GoogleSQL) all accept: CTEs, CASE,
-- COUNT/SUM/COALESCE, EXTRACT(YEAR|MONTH FROM ts), CAST(... AS STRING), LPAD, CONCAT,
-- ts + INTERVAL n DAY, GROUP BY and ORDER BY a column of a CTE. No dialect-specific date functions.
WITH classified AS (
  SELECT
    EXTRACT(YEAR FROM started_at) AS month_year,
    EXTRACT(MONTH FROM started_at) AS month_number,
    CASE WHEN ai_resolved THEN 1 ELSE 0 END AS vendor_resolved,
    CASE WHEN ai_resolved AND reopened_at IS NOT NULL
              AND reopened_at <= started_at + INTERVAL {{window_days}} DAY
         THEN 1 ELSE 0 END AS reopened_within_window,
    CASE WHEN ai_resolved AND csat IS NOT NULL AND csat < {{csat_threshold}}
         THEN 1 ELSE 0 END AS rated_below_threshold,
    CASE WHEN human_handled THEN 1 ELSE 0 END AS human,
    csat,
    input_tokens,
    cached_input_tokens,
    output_tokens
  FROM conversations
),
monthly AS (
  SELECT
    month_year,
    month_number,
    COUNT(*) AS conversations,
    SUM(vendor_resolved) AS vendor_resolutions,
    SUM(CASE WHEN vendor_resolved = 1 AND reopened_within_window = 0 AND rated_below_threshold = 0
             THEN 1 ELSE 0 END) AS buyer_resolutions,
    SUM(human) AS human_handled,
    COUNT(csat) AS rated,
    COALESCE(SUM(csat), 0) AS csat_sum,
    COALESCE(SUM(input_tokens), 0) AS input_tokens,
    COALESCE(SUM(cached_input_tokens), 0) AS cached_input_tokens,
    COALESCE(SUM(output_tokens), 0) AS output_tokens,
    SUM(reopened_within_window) AS reopened_within_window,
    SUM(rated_below_threshold) AS rated_below_threshold
  FROM classified
  GROUP BY month_year, month_number
)
SELECT
  CONCAT(CAST(month_year AS STRING), '-', LPAD(CAST(month_number AS STRING), 2, '0')) AS month,
  conversations,
  vendor_resolutions,
  buyer_resolutions,
  human_handled,
  rated,
  csat_sum,
  input_tokens,
  cached_input_tokens,
  output_tokens,
  reopened_within_window,
  rated_below_threshold,
  {{window_days}} AS window_days,
  {{csat_threshold}} AS csat_threshold
FROM monthly
ORDER BY month_year, month_number
