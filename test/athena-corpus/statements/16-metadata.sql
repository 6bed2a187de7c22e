# SHOW and DESCRIBE. Athena returns these as lines of text, one value per row and no header row;
# SHOW COLUMNS and DESCRIBE pad their values (Hive's layout), so they are compared trimmed
# (@trim). DESCRIBE names Hive types (int, string, decimal(10,2), array<string>) and prints each
# column as ONE value, `name<TAB>type<TAB>comment` padded (Athena console output quoted in
# github.com/mtanda/grafana-aws-athena-datasource/issues/39; "tab-delimited output",
# github.com/DyfanJones/noctua/issues/230).

=== show-databases
@contains
SHOW DATABASES
--> rows
["corpus"]
["corpus_ref"]

=== show-tables
SHOW TABLES
--> rows
["clicks"]
["events"]
["orders"]
["people"]

=== show-tables-in
SHOW TABLES IN corpus_ref
--> rows
["departments"]

=== show-tables-pattern
SHOW TABLES IN corpus 'p*'
--> rows
["people"]

=== show-tables-pattern-alternatives
SHOW TABLES IN corpus 'orders|events'
--> rows
["events"]
["orders"]

=== show-columns
@trim
SHOW COLUMNS IN people
--> rows
["id"]
["name"]
["age"]
["salary"]
["score"]
["active"]
["dept"]
["joined"]
["last_login"]
["tags"]

=== show-columns-with-partitions
@trim
SHOW COLUMNS FROM corpus.events
--> rows
["event_id"]
["kind"]
["value"]
["dt"]
["region"]

=== show-partitions
SHOW PARTITIONS events
--> rows
["dt=2024-01-01/region=eu"]
["dt=2024-01-01/region=us"]
["dt=2024-01-02/region=eu"]

=== describe-table
@trim
@contains
DESCRIBE people
--> rows
["id\tint"]
["name\tstring"]
["salary\tdecimal(10,2)"]
["joined\tdate"]
["last_login\ttimestamp"]
["tags\tarray<string>"]

=== describe-partitioned
@trim
@contains
DESCRIBE events
--> rows
["event_id\tbigint"]
["# Partition Information"]
["dt\tstring"]
["region\tstring"]

=== show-partitions-unpartitioned-fails
SHOW PARTITIONS people
--> fail /not (a )?partitioned/
