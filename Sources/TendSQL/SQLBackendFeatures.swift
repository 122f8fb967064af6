import SQLKit
import TendCore

/// What differs between SQL backends beyond what SQLKit's dialects hide.
public protocol SQLBackendFeatures: Sendable {
    /// Replaces the full-text entry of a person.
    func index(person: Person, account: AccountID, on db: any SQLDatabase) async throws
    func unindex(person: PersonID, on db: any SQLDatabase) async throws
    /// Ids of the account's people matching every word of `text`, best first.
    func search(_ text: String, account: AccountID, on db: any SQLDatabase) async throws -> [PersonID]
    /// SQL for the day `days` days after `day` (both SQL expressions), as YYYY-MM-DD text.
    func addDays(_ day: SQLQueryString, _ days: SQLQueryString) -> SQLQueryString
    /// After rows were stored with explicit ids: move id generators past them.
    func resetIdentities(on db: any SQLDatabase) async throws
    /// Ids for `count` new rows of `table`, taken inside the write transaction, for inserts of many rows at once.
    func newIDs(_ table: String, count: Int, on db: any SQLDatabase) async throws -> [Int64]
    /// The full-text entries of people just added, in a few statements.
    func index(new people: [Person], account: AccountID, on db: any SQLDatabase) async throws
    /// Whether each person's touch facts are best found by searching the touch index once per person (SQLite, where
    /// a search is a function call in the same process) rather than by one aggregate over the account's touch rows
    /// (PostgreSQL, where a correlated subquery per person costs more than reading every row once).
    var summarisesByProbingEachPerson: Bool { get }
    /// What follows the claim's `SELECT` of due jobs so that processes claiming at once take different rows
    /// (PostgreSQL's `FOR UPDATE SKIP LOCKED`); empty where one writer at a time holds the database (SQLite).
    var lockSkippingLocked: String { get }
    /// A phone's last nine digits, as its index (migration 16) spells it.
    var phoneTail: SQLQueryString { get }
    /// `email` equal to one of these lowercased addresses, in the words the email index answers.
    func email(in addresses: [String]) -> SQLQueryString
}
