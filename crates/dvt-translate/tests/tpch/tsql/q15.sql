WITH revenue AS (
    SELECT
        l_suppkey AS supplier_no,
        SUM(l_extendedprice * (1 - l_discount)) AS total_revenue
    FROM lineitem
    WHERE l_shipdate >= CAST('1996-01-01' AS DATE)
        AND l_shipdate < DATEADD(month, 3, CAST('1996-01-01' AS DATE))
    GROUP BY l_suppkey
)
SELECT
    s.s_suppkey,
    s.s_name,
    s.s_address,
    s.s_phone,
    r.total_revenue
FROM supplier AS s
INNER JOIN revenue AS r
    ON s.s_suppkey = r.supplier_no
WHERE r.total_revenue = (
    SELECT MAX(total_revenue)
    FROM revenue
)
ORDER BY s.s_suppkey;
