#include "TokenStore.h"

#include "Logging.h"

#include <qt6keychain/keychain.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>

#include <sys/stat.h>

namespace nestbox {

namespace {

const QString kService = QStringLiteral("Nestbox");
const QString kFileName = QStringLiteral("tokens.json");

TokenStore::Backend backendFromEnvironment()
{
    const QString env = qEnvironmentVariable("NESTBOX_TOKEN_STORE").trimmed().toLower();
    if (env == QLatin1String("file"))
        return TokenStore::Backend::File;
    if (env == QLatin1String("keychain"))
        return TokenStore::Backend::Keychain;
    return TokenStore::Backend::Automatic;
}

// Runs `f` on `context`'s thread after the current call returns (or not at all if it is gone).
void later(QObject *context, QObject *fallback, std::function<void()> f)
{
    QTimer::singleShot(0, context ? context : fallback, std::move(f));
}

bool keychainUnavailable(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
        || error == QKeychain::OtherError || error == QKeychain::AccessDeniedByUser;
}

} // namespace

TokenStore::TokenStore(QObject *parent)
    : TokenStore(backendFromEnvironment(), QString(), parent)
{
}

TokenStore::TokenStore(Backend backend, const QString &fileDirectory, QObject *parent)
    : QObject(parent)
    , _backend(backend)
    , _directory(fileDirectory.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                         : fileDirectory)
{
    qCDebug(lcAuth) << "token store backend" << _backend;
}

TokenStore::~TokenStore() = default;

QString TokenStore::filePath() const
{
    return QDir(_directory).filePath(kFileName);
}

QString TokenStore::backendDescription() const
{
    switch (_backend) {
    case Backend::Keychain:
        return tr("the system keychain");
    case Backend::File:
        return tr("a file only you can read (%1)").arg(QDir::toNativeSeparators(filePath()));
    case Backend::Automatic:
        break;
    }
    return tr("the system keychain, if one is available");
}

void TokenStore::useFileBackend()
{
    if (_backend == Backend::File)
        return;
    qCInfo(lcAuth) << "no keychain available; keeping the session token in" << filePath();
    _backend = Backend::File;
    Q_EMIT backendChanged(_backend);
}

bool TokenStore::readFile(const QString &account, QString *token) const
{
    QFile f(filePath());
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject all = QJsonDocument::fromJson(f.readAll()).object();
    if (!all.contains(account))
        return false;
    *token = all.value(account).toString();
    return true;
}

bool TokenStore::writeFile(const QString &account, const QString &token)
{
    if (!QDir().mkpath(_directory))
        return false;
    QJsonObject all;
    {
        QFile f(filePath());
        if (f.open(QIODevice::ReadOnly))
            all = QJsonDocument::fromJson(f.readAll()).object();
    }
    if (token.isNull())
        all.remove(account);
    else
        all.insert(account, token);
    // Create with 0600 before a single secret byte is written (umask could leave it wider).
    QSaveFile f(filePath());
    if (!f.open(QIODevice::WriteOnly))
        return false;
    if (!f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        f.cancelWriting();
        return false;
    }
    f.write(QJsonDocument(all).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return false;
    ::chmod(QFile::encodeName(filePath()).constData(), S_IRUSR | S_IWUSR);
    return true;
}

bool TokenStore::removeFromFile(const QString &account)
{
    QString ignored;
    if (!readFile(account, &ignored))
        return true;
    return writeFile(account, QString());
}

void TokenStore::readToken(const QString &account, QObject *context, ReadCallback callback)
{
    QPointer<QObject> guard(context);
    auto deliver = [guard, context, callback](const QString &token) {
        if (context && !guard)
            return;
        callback(token);
    };
    if (_backend == Backend::File) {
        QString token;
        readFile(account, &token);
        later(context, this, [deliver, token] { deliver(token); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(account);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this, job, account, deliver] {
        if (job->error() == QKeychain::NoError) {
            if (_backend == Backend::Automatic) {
                _backend = Backend::Keychain;
                Q_EMIT backendChanged(_backend);
            }
            deliver(job->textData());
            return;
        }
        if (_backend == Backend::Automatic && keychainUnavailable(job->error())) {
            qCDebug(lcAuth) << "keychain read failed:" << job->errorString();
            useFileBackend();
        }
        // a token written to the file earlier (before a keychain appeared) still counts
        QString token;
        readFile(account, &token);
        deliver(token);
    });
    job->start();
}

void TokenStore::writeToken(const QString &account, const QString &token, QObject *context, DoneCallback callback)
{
    QPointer<QObject> guard(context);
    auto done = [guard, context, callback](bool ok) {
        if (!callback || (context && !guard))
            return;
        callback(ok);
    };
    if (_backend == Backend::File) {
        const bool ok = writeFile(account, token);
        if (!ok)
            qCWarning(lcAuth) << "cannot write the token file" << filePath();
        later(context, this, [done, ok] { done(ok); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setKey(account);
    job->setTextData(token);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this, job, account, token, done] {
        if (job->error() == QKeychain::NoError) {
            if (_backend == Backend::Automatic) {
                _backend = Backend::Keychain;
                Q_EMIT backendChanged(_backend);
            }
            removeFromFile(account);
            done(true);
            return;
        }
        qCDebug(lcAuth) << "keychain write failed:" << job->errorString();
        if (_backend == Backend::Automatic && keychainUnavailable(job->error())) {
            useFileBackend();
            done(writeFile(account, token));
            return;
        }
        done(false);
    });
    job->start();
}

void TokenStore::deleteToken(const QString &account, QObject *context, DoneCallback callback)
{
    QPointer<QObject> guard(context);
    auto done = [guard, context, callback](bool ok) {
        if (!callback || (context && !guard))
            return;
        callback(ok);
    };
    const bool fileOk = removeFromFile(account);
    if (_backend == Backend::File) {
        later(context, this, [done, fileOk] { done(fileOk); });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setKey(account);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [job, done, fileOk] {
        done(fileOk && (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound));
    });
    job->start();
}

} // namespace nestbox
