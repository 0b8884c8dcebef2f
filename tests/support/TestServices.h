#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

// The real MariaDB + Redis the server tests use, as written by tests/services/services.sh into an
// env file (KEY=VALUE lines), and the test profile the current run selects with NESTBOX_TEST_PROFILE
// (`sqlite`, the default, or `mariadb`).
class TestServices
{
public:
    enum class Profile { Sqlite, Mariadb };

    static Profile profile();
    static QString profileName();

    // Facts from the shared services the CTest fixture started (env file from the build dir).
    static TestServices shared();

    // Run services.sh ACTION ENV_FILE [extra]; false (and output in *log) on failure.
    static bool runScript(const QString &action, const QString &envFile, const QStringList &extra = {},
                          QString *log = nullptr);

    // Read an env file written by services.sh.
    static TestServices fromEnvFile(const QString &envFile);

    bool isValid() const { return _error.isEmpty(); }
    QString error() const { return _error; }
    QString envFile() const { return _envFile; }
    QString value(const QString &key) const { return _values.value(key); }
    int mariadbPort() const { return value(QStringLiteral("MARIADB_PORT")).toInt(); }
    int redisPort() const { return value(QStringLiteral("REDIS_PORT")).toInt(); }
    bool hasRedis() const { return redisPort() > 0; }

    // SQL through the mariadb command-line client over TCP as the test user.
    bool mariadbExec(const QString &sql, QString *output = nullptr) const;
    // A new empty database with a name unique to this process; empty string on failure.
    QString createDatabase(const QString &prefix) const;
    void dropDatabase(const QString &name) const;

    // mysql://user:pass@127.0.0.1:PORT/db
    QString mysqlUrl(const QString &database) const;
    // redis://127.0.0.1:PORT/N with N a database index no other server instance of this run uses.
    QString allocateRedisUrl() const;
    // redis-cli -p PORT args...; returns stdout, sets *ok.
    QString redisCli(const QStringList &args, bool *ok = nullptr) const;

private:
    QHash<QString, QString> _values;
    QString _envFile;
    QString _error;
};
