#include "db/Database.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/MySQL/MySQLException.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/URI.h>

using namespace Poco::Data::Keywords;

namespace nestbox::server {

namespace {

Poco::Logger& logger()
{
    return Poco::Logger::get("nestbox.db");
}

bool looksLikeLostConnection(const std::string& text)
{
    for (const char* marker : {"gone away", "Lost connection", "Can't connect", "connection refused",
                               "Connection refused", "not connected", "Server shutdown",
                               "shutdown in progress", "connection was killed", "Connection failed",
                               "ConnectionFailed", "Connection attempt failed"}) {
        if (text.find(marker) != std::string::npos)
            return true;
    }
    return false;
}

} // namespace

Database::Database(const std::string& url, const std::string& password, int poolSize)
{
    Poco::URI uri(url);
    if (uri.getScheme() == "sqlite") {
        _dialect = Dialect::SQLite;
        Poco::Data::SQLite::Connector::registerConnector();
        const std::string path = uri.getPath();
        if (path.empty())
            throw Poco::InvalidArgumentException("db.url: sqlite URL needs a path (sqlite:///abs/file.db)");
        Poco::File(Poco::Path(path).parent()).createDirectories();
        _description = "sqlite:" + path;
        _pool = std::make_unique<Poco::Data::SessionPool>("SQLite", path, 1, poolSize, 60);
        // Poco's SQLite "connectionTimeout" is sqlite3_busy_timeout, applied by the pool to every
        // connection it opens: writers from the CLI tools are waited for, not failed.
        _pool->setProperty("connectionTimeout", std::size_t(10));
        Poco::Data::Session s = session();
        s << "PRAGMA journal_mode=WAL", now;
        // Every commit must be fsync'd. Debian's SQLite already defaults to synchronous=FULL;
        // only a build that does not pays for setting it on every use of a connection.
        int synchronous = 0;
        s << "PRAGMA synchronous", into(synchronous), now;
        _setSynchronous = synchronous < 2;
    } else if (uri.getScheme() == "mysql" || uri.getScheme() == "mariadb") {
        _dialect = Dialect::MySQL;
        Poco::Data::MySQL::Connector::registerConnector();
        std::string user = uri.getUserInfo();
        std::string pass;
        if (const auto colon = user.find(':'); colon != std::string::npos) {
            pass = user.substr(colon + 1);
            user = user.substr(0, colon);
        }
        if (!password.empty())
            pass = password;
        std::string db = uri.getPath();
        if (!db.empty() && db.front() == '/')
            db.erase(0, 1);
        if (db.empty() || user.empty())
            throw Poco::InvalidArgumentException("db.url: mysql URL needs a user and a database (mysql://user:pass@host:port/db)");
        const std::string host = uri.getHost().empty() ? "127.0.0.1" : uri.getHost();
        const int port = uri.getPort() ? uri.getPort() : 3306;
        _description = "mysql://" + user + "@" + host + ":" + std::to_string(port) + "/" + db;
        const std::string connect = "host=" + host + ";port=" + std::to_string(port) + ";user=" + user
            + ";password=" + pass + ";db=" + db + ";auto-reconnect=true;compress=false";
        _pool = std::make_unique<Poco::Data::SessionPool>("MySQL", connect, 1, poolSize, 60);
    } else {
        throw Poco::InvalidArgumentException("db.url must start with sqlite:// or mysql://");
    }
}

Database::~Database() = default;

Poco::Data::Session Database::session()
{
    try {
        Poco::Data::Session s = _pool->get();
        if (_setSynchronous)
            s << "PRAGMA synchronous=FULL", now;
        // MariaDB 10.2+ and MySQL 5.7+ default to strict mode; nothing to set per connection.
        return s;
    } catch (const ServiceError&) {
        throw;
    } catch (const std::exception& e) {
        translate(e, nullptr);
    }
}

void Database::translate(const std::exception& e, Poco::Data::Session* s)
{
    std::string text = e.what();
    if (const auto* pe = dynamic_cast<const Poco::Exception*>(&e))
        text = pe->displayText();
    if (s) {
        try {
            s->close();
        } catch (...) {
        }
    }
    const bool lost = dynamic_cast<const Poco::Data::MySQL::ConnectionException*>(&e) != nullptr
        || dynamic_cast<const Poco::Data::ConnectionFailedException*>(&e) != nullptr
        || dynamic_cast<const Poco::Data::SessionPoolExhaustedException*>(&e) != nullptr
        || looksLikeLostConnection(text);
    if (lost) {
        logger().warning("database unavailable: %s", text);
        throw ServiceError(ErrorCode::Unavailable, "the database is not answering; try again shortly");
    }
    logger().error("database error: %s", text);
    throw ServiceError(ErrorCode::Internal, "database error");
}

void Database::read(const std::function<void(Poco::Data::Session&)>& fn)
{
    Poco::Data::Session s = session();
    try {
        fn(s);
    } catch (const ServiceError&) {
        throw;
    } catch (const std::exception& e) {
        translate(e, &s);
    }
}

void Database::write(const std::function<void(Poco::Data::Session&)>& fn)
{
    std::unique_lock<std::mutex> guard(_sqliteWriteMutex, std::defer_lock);
    if (_dialect == Dialect::SQLite)
        guard.lock();
    for (int attempt = 0;; ++attempt) {
        Poco::Data::Session s = session();
        try {
            s.begin();
            fn(s);
            s.commit();
            restoreAutoCommit(s);
            return;
        } catch (const ServiceError&) {
            try {
                if (s.isTransaction())
                    s.rollback();
                restoreAutoCommit(s);
            } catch (...) {
            }
            throw;
        } catch (const std::exception& e) {
            try {
                if (s.isTransaction())
                    s.rollback();
                restoreAutoCommit(s);
            } catch (...) {
            }
            const std::string text = e.what();
            const auto* pe = dynamic_cast<const Poco::Exception*>(&e);
            const std::string display = pe ? pe->displayText() : text;
            if (attempt == 0 && (display.find("Deadlock") != std::string::npos
                                 || display.find("Lock wait timeout") != std::string::npos)) {
                logger().information("transaction retried after: %s", display);
                continue;
            }
            translate(e, &s);
        }
    }
}

void Database::restoreAutoCommit(Poco::Data::Session& s)
{
    // Poco's MySQL begin() turns autocommit off and commit() leaves it off: the pooled
    // connection would then read inside one long REPEATABLE READ snapshot and miss other
    // connections' commits (a fresh token looked unknown, a revoked one still valid).
    if (_dialect == Dialect::MySQL)
        s.setFeature("autoCommit", true);
}

void Database::ping()
{
    read([](Poco::Data::Session& s) {
        int one = 0;
        s << "SELECT 1", into(one), now;
    });
}

std::string Database::insertIgnore() const
{
    return _dialect == Dialect::SQLite ? "INSERT OR IGNORE" : "INSERT IGNORE";
}

} // namespace nestbox::server
