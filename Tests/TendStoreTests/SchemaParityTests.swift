import Foundation
import SQLKit
import Testing
import TendPostgres
import TendSQL
import TendSQLite
import TendTestSupport

/// The two backends' migrations, run from empty, must give the same schema in meaning: the same
/// migrations (version and name), tables, columns (type and nullability), primary keys, foreign keys and
/// indexes. Each side is read in its own dialect (SQLite's pragmas, PostgreSQL's catalogs) and brought
/// to one form; the few places where the dialects hold a rule differently are listed in `dialectOnly`,
/// each checked to be there rather than skipped. CHECK constraints are not compared: their expressions
/// are written in each dialect (GLOB against ~), and the contract suite tests what they refuse.
@Suite struct SchemaParityTests {
    struct Column: Hashable, CustomStringConvertible {
        var type: String
        var notNull: Bool
        var description: String { type + (notNull ? " not null" : "") }
    }

    struct ForeignKey: Hashable, CustomStringConvertible {
        var columns: [String]
        var table: String
        var references: [String]
        var onDelete: String
        var description: String { "(\(columns.joined(separator: ", "))) → \(table) (\(references.joined(separator: ", "))) on delete \(onDelete)" }
    }

    struct Index: Hashable, CustomStringConvertible {
        var unique: Bool
        var columns: [String]
        var partial: Bool
        var description: String { (unique ? "unique " : "") + "(\(columns.joined(separator: ", ")))" + (partial ? " where …" : "") }
    }

    struct Table: Equatable {
        var columns: [String: Column] = [:]
        var primaryKey: [String] = []
        var foreignKeys: Set<ForeignKey> = []
        var indexes: Set<Index> = []
    }

    struct Schema: Equatable {
        var migrations: [String] = []
        var tables: [String: Table] = [:]
    }

    /// Where the dialects differ on purpose, each kept out of the comparison after checking it is there.
    enum DialectOnly {
        /// Full-text search: an FTS5 virtual table (and its shadow tables) on SQLite, a tsvector table on PostgreSQL.
        static let sqliteTablePrefix = "people_fts"
        static let postgresTable = "people_search"
        /// A touch answers a moment of its own account (migration 8): a composite key checked at commit on
        /// PostgreSQL, triggers on SQLite (which cannot defer a key past the ON DELETE SET NULL of another).
        static let postgresForeignKey = (table: "touches", key: ForeignKey(columns: ["account_id", "moment_id"], table: "moments",
                                                                          references: ["account_id", "id"], onDelete: "NO ACTION"))
        static let sqliteTriggers: Set<String> = ["touches_moment_account_insert", "touches_moment_account_update", "moments_account_fixed"]
    }

    /// Without a PostgreSQL server there is nothing to compare with; `.ci/run` always starts one.
    @Test(.enabled(if: Backend.postgresServer != nil, "needs TEND_TEST_POSTGRES_URL"))
    func bothBackendsMigrateToTheSameSchema() async throws {
        let sqlite = try await Backend.sqlite.open(), postgres = try await Backend.postgres.open()
        do {
            let lite = try await Self.sqliteSchema(try #require(sqlite.database as? SQLiteTendDatabase))
            let pg = try await Self.postgresSchema(try #require(postgres.database as? PostgresTendDatabase))
            #expect(lite.migrations == pg.migrations)
            #expect(!lite.migrations.isEmpty)
            #expect(lite.tables.keys.sorted() == pg.tables.keys.sorted(), "tables")
            for name in Set(lite.tables.keys).intersection(pg.tables.keys).sorted() {
                let a = lite.tables[name]!, b = pg.tables[name]!
                for column in Set(a.columns.keys).union(b.columns.keys).sorted() where a.columns[column] != b.columns[column] {
                    Issue.record("\(name).\(column): SQLite \(a.columns[column].map(\.description) ?? "none"), PostgreSQL \(b.columns[column].map(\.description) ?? "none")")
                }
                #expect(a.primaryKey == b.primaryKey, "\(name): primary key")
                for key in a.foreignKeys.symmetricDifference(b.foreignKeys) {
                    Issue.record("\(name): foreign key \(key) only on \(a.foreignKeys.contains(key) ? "SQLite" : "PostgreSQL")")
                }
                for index in a.indexes.symmetricDifference(b.indexes) {
                    Issue.record("\(name): index \(index) only on \(a.indexes.contains(index) ? "SQLite" : "PostgreSQL")")
                }
            }
        } catch {
            await sqlite.close()
            await postgres.close()
            throw error
        }
        await sqlite.close()
        await postgres.close()
    }

    @Test func indexColumnsAreReadInOneForm() {
        #expect(Self.indexColumns("CREATE INDEX x ON people (account_id, lower(display_name), id)") == ["account_id", "lower(display_name)", "id"])
        #expect(Self.indexColumns("CREATE INDEX x ON public.person_emails USING btree (account_id, lower(email))") == ["account_id", "lower(email)"])
        #expect(Self.indexColumns("CREATE INDEX x ON person_emails (account_id, email COLLATE NOCASE)") == ["account_id", "lower(email)"])
        #expect(Self.indexColumns("CREATE INDEX x ON person_phones (account_id, substr(digits, -9))") == ["account_id", "right(digits, 9)"])
        #expect(Self.indexColumns("CREATE UNIQUE INDEX x ON public.person_links USING btree (person_id, \"position\")") == ["person_id", "position"])
        #expect(Self.foreignKey("FOREIGN KEY (account_id, person_id) REFERENCES people(account_id, id) ON DELETE CASCADE")
                == ForeignKey(columns: ["account_id", "person_id"], table: "people", references: ["account_id", "id"], onDelete: "CASCADE"))
        #expect(Self.foreignKey("FOREIGN KEY (moment_id) REFERENCES moments(id) ON DELETE SET NULL DEFERRABLE")?.onDelete == "SET NULL")
    }

    // MARK: One form for both

    /// A column's type as the schema means it: SQLite's integers are PostgreSQL's bigint and integer,
    /// and a column defaulting to the current time is a timestamp, whatever each stores it as.
    static func type(_ declared: String, default value: String?) -> String {
        if let value, value.lowercased().contains("current_timestamp") || value.lowercased().contains("now()") { return "timestamp" }
        switch declared.lowercased() {
        case "integer", "bigint", "smallint": return "integer"
        case "real", "double precision": return "real"
        case "timestamp with time zone": return "timestamp"
        default: return declared.lowercased()
        }
    }

    /// The columns of a `CREATE INDEX` statement: `x COLLATE NOCASE` (SQLite) and `lower(x)` (PostgreSQL) are one.
    static func indexColumns(_ sql: String) -> [String] {
        guard let on = sql.range(of: " ON ", options: .caseInsensitive), let open = sql[on.upperBound...].firstIndex(of: "(") else { return [] }
        var depth = 0, current = "", parts: [String] = []
        loop: for ch in sql[open...] {
            switch ch {
            case "(":
                depth += 1
                if depth > 1 { current.append(ch) }
            case ")":
                depth -= 1
                if depth == 0 { break loop }
                current.append(ch)
            case "," where depth == 1:
                parts.append(current)
                current = ""
            default:
                current.append(ch)
            }
        }
        parts.append(current)
        return parts.map { part in
            var p = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "").lowercased()
            if p.hasSuffix(" collate nocase") { p = "lower(\(p.dropLast(" collate nocase".count)))" }
            // A string's last characters, in each dialect's words: SQLite's substr(x, -n), PostgreSQL's right(x, n).
            if let m = p.wholeMatch(of: #/substr\((?<x>\w+), -(?<n>\d+)\)/#) { p = "right(\(m.x), \(m.n))" }
            return p
        }
    }

    /// PostgreSQL's `pg_get_constraintdef` of a foreign key.
    static func foreignKey(_ definition: String) -> ForeignKey? {
        let pattern = #/FOREIGN KEY \((?<from>[^)]*)\) REFERENCES (?<table>[\w.]+)\((?<to>[^)]*)\)(?: ON DELETE (?<delete>SET NULL|CASCADE|RESTRICT|SET DEFAULT|NO ACTION))?/#
        guard let m = definition.firstMatch(of: pattern) else { return nil }
        func list(_ s: Substring) -> [String] { s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "") } }
        return ForeignKey(columns: list(m.from), table: String(m.table.split(separator: ".").last!), references: list(m.to),
                          onDelete: m.delete.map(String.init) ?? "NO ACTION")
    }

    // MARK: SQLite, from its pragmas

    static func sqliteSchema(_ database: SQLiteTendDatabase) async throws -> Schema {
        try await database.transaction { db in
            var schema = Schema()
            schema.migrations = try await db.raw("SELECT version, name FROM schema_migrations ORDER BY version").all().map {
                "\(try $0.decode(column: "version", as: Int.self)) \(try $0.decode(column: "name", as: String.self))"
            }
            let triggers = Set(try await db.raw("SELECT name FROM sqlite_master WHERE type = 'trigger'").all(decodingColumn: "name", as: String.self))
            #expect(DialectOnly.sqliteTriggers.isSubset(of: triggers), "SQLite's triggers for a touch's moment: \(triggers.sorted())")
            let names = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .all(decodingColumn: "name", as: String.self)
            #expect(names.contains(DialectOnly.sqliteTablePrefix), "SQLite's full-text table")
            for name in names where !name.hasPrefix(DialectOnly.sqliteTablePrefix) {
                var table = Table()
                var pk: [(Int, String)] = []
                for row in try await db.raw("SELECT name, type, \"notnull\" AS nn, dflt_value AS d, pk FROM pragma_table_info(\(bind: name))").all() {
                    let column = try row.decode(column: "name", as: String.self), key = try row.decode(column: "pk", as: Int.self)
                    table.columns[column] = Column(type: type(try row.decode(column: "type", as: String.self), default: try row.decode(column: "d", as: String?.self)),
                                                   notNull: try row.decode(column: "nn", as: Int.self) == 1 || key > 0)
                    if key > 0 { pk.append((key, column)) }
                }
                table.primaryKey = pk.sorted { $0.0 < $1.0 }.map(\.1)
                var keys: [Int: (table: String, onDelete: String, pairs: [(Int, String, String)])] = [:]
                for row in try await db.raw("SELECT id, seq, \"table\" AS t, \"from\" AS f, \"to\" AS o, on_delete FROM pragma_foreign_key_list(\(bind: name))").all() {
                    let id = try row.decode(column: "id", as: Int.self)
                    let referenced = try row.decode(column: "t", as: String.self), onDelete = try row.decode(column: "on_delete", as: String.self)
                    var key = keys[id] ?? (referenced, onDelete, [])
                    let to = try row.decode(column: "o", as: String?.self)
                    key.pairs.append((try row.decode(column: "seq", as: Int.self), try row.decode(column: "f", as: String.self), to ?? "id"))
                    keys[id] = key
                }
                table.foreignKeys = Set(keys.values.map { k in
                    let pairs = k.pairs.sorted { $0.0 < $1.0 }
                    return ForeignKey(columns: pairs.map(\.1), table: k.table, references: pairs.map(\.2), onDelete: k.onDelete)
                })
                for row in try await db.raw("SELECT name, \"unique\" AS u, origin, partial FROM pragma_index_list(\(bind: name))").all() {
                    let index = try row.decode(column: "name", as: String.self)
                    guard try row.decode(column: "origin", as: String.self) != "pk" else { continue }
                    let unique = try row.decode(column: "u", as: Int.self) == 1, partial = try row.decode(column: "partial", as: Int.self) == 1
                    if let sql = try await db.raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = \(bind: index)")
                        .first(decodingColumn: "sql", as: String?.self).flatMap({ $0 }) {
                        table.indexes.insert(Index(unique: unique, columns: indexColumns(sql), partial: partial))
                    } else {
                        // A UNIQUE constraint's index has no statement: its columns, with their collation.
                        let columns = try await db.raw("SELECT name, coll FROM pragma_index_xinfo(\(bind: index)) WHERE key = 1 ORDER BY seqno").all().map { r in
                            let column = try r.decode(column: "name", as: String.self)
                            return try r.decode(column: "coll", as: String.self).uppercased() == "NOCASE" ? "lower(\(column))" : column
                        }
                        table.indexes.insert(Index(unique: unique, columns: columns, partial: partial))
                    }
                }
                schema.tables[name] = table
            }
            return schema
        }
    }

    // MARK: PostgreSQL, from its catalogs

    static func postgresSchema(_ database: PostgresTendDatabase) async throws -> Schema {
        try await database.transaction { db in
            var schema = Schema()
            schema.migrations = try await db.raw("SELECT version, name FROM schema_migrations ORDER BY version").all().map {
                "\(try $0.decode(column: "version", as: Int.self)) \(try $0.decode(column: "name", as: String.self))"
            }
            let names = try await db.raw("""
                SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                """).all(decodingColumn: "name", as: String.self)
            #expect(names.contains(DialectOnly.postgresTable), "PostgreSQL's full-text table")
            for name in names where name != DialectOnly.postgresTable { schema.tables[name] = Table() }
            for row in try await db.raw("""
                SELECT table_name::text AS t, column_name::text AS c, data_type::text AS type, is_nullable::text AS nullable, column_default::text AS d
                FROM information_schema.columns WHERE table_schema = current_schema()
                """).all() {
                let table = try row.decode(column: "t", as: String.self)
                guard schema.tables[table] != nil else { continue }
                schema.tables[table]!.columns[try row.decode(column: "c", as: String.self)] = Column(
                    type: type(try row.decode(column: "type", as: String.self), default: try row.decode(column: "d", as: String?.self)),
                    notNull: try row.decode(column: "nullable", as: String.self) == "NO")
            }
            for row in try await db.raw("""
                SELECT tc.table_name::text AS t, kcu.column_name::text AS c FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
                WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema() ORDER BY tc.table_name, kcu.ordinal_position
                """).all() {
                let table = try row.decode(column: "t", as: String.self)
                schema.tables[table]?.primaryKey.append(try row.decode(column: "c", as: String.self))
            }
            var sawCompositeMomentKey = false
            for row in try await db.raw("""
                SELECT conrelid::regclass::text AS t, pg_get_constraintdef(oid) AS def FROM pg_constraint
                WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
                """).all() {
                let table = try row.decode(column: "t", as: String.self), definition = try row.decode(column: "def", as: String.self)
                let key = try #require(foreignKey(definition), "a foreign key read: \(definition)")
                if table == DialectOnly.postgresForeignKey.table && key == DialectOnly.postgresForeignKey.key {
                    sawCompositeMomentKey = true
                    continue
                }
                schema.tables[table]?.foreignKeys.insert(key)
            }
            #expect(sawCompositeMomentKey, "PostgreSQL's key for a touch's moment")
            for row in try await db.raw("""
                SELECT i.tablename::text AS t, i.indexdef AS def FROM pg_indexes i
                WHERE i.schemaname = current_schema()
                  AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p' AND connamespace = current_schema()::regnamespace)
                """).all() {
                let table = try row.decode(column: "t", as: String.self), definition = try row.decode(column: "def", as: String.self)
                schema.tables[table]?.indexes.insert(Index(unique: definition.hasPrefix("CREATE UNIQUE"), columns: indexColumns(definition),
                                                           partial: definition.contains(" WHERE ")))
            }
            return schema
        }
    }
}
