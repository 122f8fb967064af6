// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Tend",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tend", targets: ["tend"]),
        .executable(name: "tend-bench", targets: ["tend-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Domain types and pure rules: Foundation only, no I/O, no clock.
        .target(name: "TendCore"),
        // The storage contract: repository protocols every backend implements.
        .target(name: "TendStore", dependencies: ["TendCore"]),
        // SQL shared by every SQLKit backend (SQLite now, PostgreSQL later).
        .target(name: "TendSQL", dependencies: [
            "TendCore", "TendStore",
            .product(name: "SQLKit", package: "sql-kit"),
        ]),
        // The embedded default: a SQLite file, its migrations and full-text search.
        .target(name: "TendSQLite", dependencies: [
            "TendCore", "TendStore", "TendSQL",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "SQLiteKit", package: "sqlite-kit"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Hosted mode: the same contract on PostgreSQL, with a connection pool and tsvector search.
        .target(name: "TendPostgres", dependencies: [
            "TendCore", "TendStore", "TendSQL",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "PostgresKit", package: "postgres-kit"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Contact and calendar formats: vCard, CSV exports, iCalendar. Foundation only, no I/O.
        .target(name: "TendInterop", dependencies: ["TendCore"]),
        // The application's operations: the one API every front uses (pages, JSON API, CLI, and the doors to come).
        .target(name: "TendServices", dependencies: [
            "TendCore", "TendStore", "TendInterop",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // The JSON API: `openapi.yaml` is the contract; swift-openapi-generator writes its types and
        // server stubs at build time, and the handlers call the same services as the pages.
        .target(
            name: "TendAPI",
            dependencies: [
                "TendCore", "TendHTTP", "TendServices", "TendInterop", "TendStore",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.embedInCode("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]),
        // HTTP plumbing every front shares: bodies read within a deadline, security headers.
        .target(name: "TendHTTP", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // Form bodies as browsers send them: urlencoded and multipart (with MultipartKit).
        .target(name: "TendForms", dependencies: [
            .product(name: "MultipartKit", package: "multipart-kit"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Mail out: MIME messages (RFC 5322, 2045, 2047) and an SMTP client on SwiftNIO with STARTTLS and TLS.
        .target(name: "TendMail", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The digest's ways out: its text and HTML, and each channel's sender (email, ntfy, a signed webhook).
        .target(name: "TendDelivery", dependencies: [
            "TendCore", "TendServices", "TendMail",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // The server-rendered pages: a folder per page, sign-in and sessions. Knows nothing of the API.
        .target(name: "TendWeb", dependencies: [
            "TendCore", "TendForms", "TendHTTP", "TendServices", "TendInterop", "TendStore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ],
        // Each page's template beside its model, the stylesheet and the script: embedded, so `tend` stays one file.
        resources: [
                .embedInCode("Pages/Layout/layout.mustache"),
                .embedInCode("Pages/Captured/captured.mustache"),
                .embedInCode("Pages/Captured/mail.mustache"),
                .embedInCode("Pages/Captured/calendars.mustache"),
                .embedInCode("Pages/Layout/error.mustache"),
                .embedInCode("Pages/Layout/csrf.mustache"),
                .embedInCode("Pages/SignIn/login.mustache"),
                .embedInCode("Pages/SignIn/signup.mustache"),
                .embedInCode("Pages/Today/today.mustache"),
                .embedInCode("Pages/Week/week.mustache"),
                .embedInCode("Pages/News/news.mustache"),
                .embedInCode("Pages/People/people.mustache"),
                .embedInCode("Pages/People/personForm.mustache"),
                .embedInCode("Pages/Person/person.mustache"),
                .embedInCode("Pages/Person/feeds.mustache"),
                .embedInCode("Pages/Company/company.mustache"),
                .embedInCode("Pages/Network/network.mustache"),
                .embedInCode("Pages/Settings/settings.mustache"),
                .embedInCode("Pages/Import/import.mustache"),
                .embedInCode("Pages/Import/importPreview.mustache"),
                .embedInCode("Pages/Import/calendarPreview.mustache"),
                .embedInCode("Pages/Import/chatPreview.mustache"),
                .embedInCode("Pages/Act/act.mustache"),
                .embedInCode("Assets/app.css"),
                .embedInCode("Assets/app.js"),
        ]),
        // CardDAV (RFC 6352, RFC 6578): each account's address book for phones and address book apps, with app passwords.
        .target(name: "TendDAV", dependencies: [
            "TendCore", "TendHTTP", "TendInterop", "TendServices", "TendStore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // The composition root of `tend serve`: the pages, the API and the scheduled work wired into one server.
        // Mail capture's boundary to IMAP servers: the folders to read, each read on from where it stopped.
        .target(name: "TendCapture", dependencies: ["TendCore", "TendStore", "TendServices", "TendInterop", "TendMail"]),
        .target(name: "TendServer", dependencies: [
            "TendAPI", "TendCapture", "TendCore", "TendDAV", "TendDelivery", "TendHTTP", "TendMail", "TendServices", "TendStore", "TendWeb",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // A simulated year of following the agenda, beside a baseline policy (`tend simulate`).
        .target(name: "TendSimulation", dependencies: ["TendCore", "TendServices", "TendStore"]),
        // The command line; `main` in `tend` only calls it.
        .target(name: "TendCLI", dependencies: [
            "TendCore", "TendStore", "TendServices", "TendInterop", "TendSimulation", "TendSQLite", "TendPostgres",
            "TendWeb", "TendServer", "TendMail", "TendDelivery", "TendCapture",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "tend", dependencies: ["TendCLI"]),
        // Benchmarks that print figures (never timed assertions in tests).
        .executableTarget(name: "tend-bench", dependencies: [
            "TendCore", "TendInterop", "TendStore", "TendServices", "TendPostgres", "TendSQL", "TendSQLite", "TendDelivery", "TendMail",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),

        // Every parser of outside input under libFuzzer (`scripts/fuzz TARGET SECONDS`); built normally, it replays saved inputs.
        .executableTarget(name: "tend-fuzz", dependencies: ["TendCore", "TendInterop", "TendServices", "TendForms", "TendMail"]),

        // What every test target shares: the backends (from TEND_TEST_POSTGRES_URL and TEND_TEST_BACKEND), a fixed
        // clock, day helpers, factories, and the whole server under a test client with a cookie-keeping browser.
        .target(name: "TendTestSupport", dependencies: [
            "TendCore", "TendStore", "TendSQLite", "TendPostgres", "TendServices", "TendServer", "TendWeb",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ], path: "Tests/TendTestSupport"),

        .testTarget(name: "TendCoreTests", dependencies: ["TendCore", "TendTestSupport"]),
        .testTarget(name: "TendInteropTests", dependencies: ["TendCore", "TendInterop", "TendTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TendStoreTests", dependencies: [
            "TendCore", "TendStore", "TendSQL", "TendSQLite", "TendPostgres", "TendServices", "TendTestSupport",
            .product(name: "SQLKit", package: "sql-kit"),
        ]),
        .testTarget(name: "TendServicesTests", dependencies: ["TendCore", "TendStore", "TendInterop", "TendServices", "TendSQLite", "TendTestSupport"]),
        .testTarget(name: "TendMailTests", dependencies: [
            "TendMail", "TendTestSupport",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "TendCaptureTests", dependencies: [
            "TendCore", "TendStore", "TendServices", "TendInterop", "TendMail", "TendCapture", "TendTestSupport",
        ]),
        .testTarget(name: "TendDeliveryTests", dependencies: [
            "TendCore", "TendStore", "TendServices", "TendInterop", "TendMail", "TendDelivery", "TendTestSupport",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "TendSimulationTests", dependencies: ["TendCore", "TendSimulation", "TendSQLite", "TendTestSupport"]),
        .testTarget(name: "TendWebTests", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
            "TendCore", "TendStore", "TendServices", "TendInterop", "TendForms", "TendWeb", "TendServer", "TendSQLite", "TendTestSupport",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "TendAPITests", dependencies: [
            "TendCore", "TendStore", "TendServices", "TendAPI", "TendServer", "TendTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "TendDAVTests", dependencies: [
            "TendCore", "TendStore", "TendServices", "TendInterop", "TendDAV", "TendServer", "TendTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "TendCLITests", dependencies: ["tend", "TendCore", "TendPostgres", "TendTestSupport"]),
    ]
)
