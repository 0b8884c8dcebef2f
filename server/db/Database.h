#pragma once

#include "service/ServiceError.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace nestbox::server {

enum class Dialect { SQLite, MySQL };

// The metadata database: a Poco::Data session pool for SQLite (embedded profile) or
// MySQL/MariaDB. Thread-safe. Every call turns a lost or refused connection into
// ServiceError(Unavailable) and drops the broken session, so the server recovers by itself
// when the database comes back.
class Database {
public:
    // url: sqlite:///path/file.db or mysql://user:pass@host:port/db; `password` (may be empty)
    // overrides the one in the URL.
    Database(const std::string& url, const std::string& password, int poolSize);
    ~Database();

    Dialect dialect() const { return _dialect; }
    bool isSQLite() const { return _dialect == Dialect::SQLite; }

    // Runs fn(session) outside a transaction (reads, single statements).
    void read(const std::function<void(Poco::Data::Session&)>& fn);

    // Runs fn(session) inside one transaction; commits when fn returns, rolls back when it throws.
    // Retried once on a MySQL deadlock. SQLite writers are serialised in-process.
    void write(const std::function<void(Poco::Data::Session&)>& fn);

    // SELECT 1; throws ServiceError(Unavailable) when the database does not answer.
    void ping();

    // "INSERT OR IGNORE" / "INSERT IGNORE": insert unless the key exists.
    std::string insertIgnore() const;

    // A safe description for logs (no password).
    std::string describe() const { return _description; }

private:
    Poco::Data::Session session();
    void restoreAutoCommit(Poco::Data::Session& session);
    [[noreturn]] void translate(const std::exception& e, Poco::Data::Session* session);

    Dialect _dialect;
    std::string _description;
    std::unique_ptr<Poco::Data::SessionPool> _pool;
    std::mutex _sqliteWriteMutex;
    bool _setSynchronous = false; // this SQLite build does not fsync every commit by default
};

} // namespace nestbox::server
