# Window functions (https://trino.io/docs/current/functions/window.html). With ORDER BY and no
# frame, the frame is RANGE UNBOUNDED PRECEDING to CURRENT ROW; NULLS LAST is the default.

=== win-row-number-partitioned
@ordered
SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY id) AS rn FROM people WHERE dept IS NOT NULL ORDER BY id
--> id:integer, dept:varchar, rn:bigint
["1", "eng", "1"]
["2", "sales", "1"]
["3", "eng", "2"]
["4", "ops", "1"]
["6", "eng", "3"]
["7", "sales", "2"]

=== win-rank-dense-rank
@ordered
SELECT order_id, rank() OVER (ORDER BY unit_price) AS r, dense_rank() OVER (ORDER BY unit_price) AS d FROM orders ORDER BY order_id
--> order_id:bigint, r:bigint, d:bigint
["101", "1", "1"]
["102", "7", "4"]
["103", "1", "1"]
["104", "4", "2"]
["105", "1", "1"]
["106", "7", "4"]
["107", "4", "2"]
["108", "6", "3"]

=== win-lag-lead
@ordered
SELECT order_id, lag(qty) OVER (ORDER BY order_id) AS prev, lead(qty, 2, 0) OVER (ORDER BY order_id) AS next2 FROM orders ORDER BY order_id
--> order_id:bigint, prev:integer, next2:integer
["101", null, "10"]
["102", "3", "2"]
["103", "1", "5"]
["104", "10", "2"]
["105", "2", "1"]
["106", "5", "4"]
["107", "2", "0"]
["108", "1", "0"]

=== win-running-sum-per-partition
@ordered
SELECT order_id, sum(qty) OVER (PARTITION BY product ORDER BY order_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM orders ORDER BY order_id
--> order_id:bigint, running:bigint
["101", "3"]
["102", "1"]
["103", "13"]
["104", "2"]
["105", "18"]
["106", "3"]
["107", "3"]
["108", "7"]

=== win-sliding-frame
@ordered
SELECT order_id, sum(qty) OVER (ORDER BY order_id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s FROM orders ORDER BY order_id
--> order_id:bigint, s:bigint
["101", "4"]
["102", "14"]
["103", "13"]
["104", "17"]
["105", "9"]
["106", "8"]
["107", "7"]
["108", "5"]

=== win-first-value-nulls-last
@ordered
SELECT id, first_value(name) OVER (PARTITION BY dept ORDER BY age DESC) AS senior FROM people WHERE dept = 'eng' ORDER BY id
--> id:integer, senior:varchar
["1", "Zoë Ünal"]
["3", "Zoë Ünal"]
["6", "Zoë Ünal"]

=== win-empty-over-and-partition-only
@ordered
SELECT id, count(*) OVER () AS total, sum(age) OVER (PARTITION BY dept) AS dept_age FROM people WHERE id <= 3 ORDER BY id
--> id:integer, total:bigint, dept_age:bigint
["1", "3", "34"]
["2", "3", "45"]
["3", "3", "34"]

=== win-last-value-full-frame
@ordered
SELECT order_id, ordered_at, last_value(order_id) OVER (ORDER BY ordered_at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_id FROM orders WHERE order_id < 103 ORDER BY order_id
--> order_id:bigint, ordered_at:timestamp, last_id:bigint
["101", "2024-01-05 10:00:00.000", "102"]
["102", "2024-01-20 15:30:00.000", "102"]

=== win-ntile
@ordered
SELECT id, ntile(2) OVER (ORDER BY id) AS half FROM people ORDER BY id
--> id:integer, half:bigint
["1", "1"]
["2", "1"]
["3", "1"]
["4", "1"]
["5", "2"]
["6", "2"]
["7", "2"]

=== win-percent-rank
@ordered
SELECT id, percent_rank() OVER (ORDER BY id) AS p, cume_dist() OVER (ORDER BY id) AS c FROM people WHERE id <= 4 ORDER BY id
--> id:integer, p:double, c:double
["1", "0.0", "0.25"]
["2", "0.3333333333333333", "0.5"]
["3", "0.6666666666666666", "0.75"]
["4", "1.0", "1.0"]

=== win-rank-within-person
@ordered
SELECT person_id, order_id, rank() OVER (PARTITION BY person_id ORDER BY qty DESC) AS r FROM orders WHERE person_id IN (1, 2) ORDER BY person_id, r
--> person_id:integer, order_id:bigint, r:bigint
["1", "101", "1"]
["1", "102", "2"]
["2", "103", "1"]
["2", "108", "2"]

=== win-moving-average-with-null
@ordered
SELECT id, avg(score) OVER (ORDER BY id ROWS 1 PRECEDING) AS m FROM people WHERE id <= 4 ORDER BY id
--> id:integer, m:double
["1", "91.5"]
["2", "84.875"]
["3", "78.25"]
["4", "66.0"]

=== win-range-frame-ties
# The default RANGE frame includes peers: rows with the same unit_price share one running total.
@ordered
SELECT order_id, sum(qty) OVER (ORDER BY unit_price) AS s FROM orders WHERE product <> 'gadget' ORDER BY order_id
--> order_id:bigint, s:bigint
["101", "18"]
["103", "18"]
["104", "21"]
["105", "18"]
["107", "21"]
