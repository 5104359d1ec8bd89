WITH shipping AS (
  SELECT
    n1.n_name AS supp_nation,
    n2.n_name AS cust_nation,
    EXTRACT(YEAR FROM l_shipdate) AS l_year,
    l_extendedprice * (1 - l_discount) AS volume
  FROM supplier
  JOIN lineitem
    ON s_suppkey = l_suppkey
  JOIN orders
    ON o_orderkey = l_orderkey
  JOIN customer
    ON c_custkey = o_custkey
  JOIN nation AS n1
    ON s_nationkey = n1.n_nationkey
  JOIN nation AS n2
    ON c_nationkey = n2.n_nationkey
  WHERE (
      (n1.n_name = 'FRANCE' AND n2.n_name = 'GERMANY')
      OR (n1.n_name = 'GERMANY' AND n2.n_name = 'FRANCE')
    )
    AND l_shipdate BETWEEN DATE '1995-01-01' AND DATE '1996-12-31'
)
SELECT
  supp_nation,
  cust_nation,
  l_year,
  SUM(volume) AS revenue
FROM shipping
GROUP BY 1, 2, 3
ORDER BY
  supp_nation,
  cust_nation,
  l_year;
