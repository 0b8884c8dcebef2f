#include "HostingController.h"

#include "Logging.h"
#include "ServerTrustStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QSettings>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

namespace nestbox {

namespace {
constexpr int kPollMs = 100;
constexpr int kProbeTimeoutMs = 2000;
// After plain HTTP answers, how long the TLS port file may take (an older nestboxd has no TLS).
constexpr qint64 kTlsGraceMs = 5000;
constexpr qint64 kMaxLogBytes = 10 * 1024 * 1024;
const QString kServerName = QStringLiteral("nestboxd");

int readPortFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    bool ok = false;
    const int port = f.readAll().trimmed().toInt(&ok);
    return ok && port > 0 && port <= 65535 ? port : 0;
}

bool portIsFree(const QHostAddress &address, int port)
{
    QTcpServer probe;
    return probe.listen(address, quint16(port));
}

QString hostForUrl(const QString &address)
{
    return address.contains(QLatin1Char(':')) ? QLatin1Char('[') + address + QLatin1Char(']') : address;
}
} // namespace

HostingController::HostingController(QObject *parent)
    : QObject(parent)
    , _dataDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/server"))
    , _network(new QNetworkAccessManager(this))
    , _pollTimer(new QTimer(this))
    , _killTimer(new QTimer(this))
{
    _pollTimer->setInterval(kPollMs);
    connect(_pollTimer, &QTimer::timeout, this, &HostingController::pollStartup);
    _killTimer->setSingleShot(true);
    connect(_killTimer, &QTimer::timeout, this, [this] {
        if (_process && _process->state() != QProcess::NotRunning) {
            qCWarning(lcApp) << "the hosted server did not stop in time; killing it";
            _process->kill();
        }
    });
}

HostingController::~HostingController()
{
    if (_process && _process->state() != QProcess::NotRunning) {
        _process->disconnect(this);
        _process->terminate();
        if (!_process->waitForFinished(int(_stopTimeout.count()))) {
            _process->kill();
            _process->waitForFinished(5000);
        }
    }
    if (_helper && _helper->state() != QProcess::NotRunning) {
        _helper->disconnect(this);
        _helper->kill();
        _helper->waitForFinished(2000);
    }
}

void HostingController::setDataDir(const QString &dir)
{
    _dataDir = dir;
}

void HostingController::setServerProgram(const QString &path)
{
    _program = path;
    _programChoice = tr("given: %1").arg(QDir::toNativeSeparators(path));
}

QString HostingController::findServerProgram(QString *choice)
{
    const QString appDir = QCoreApplication::applicationDirPath();
    const QString beside = QDir(appDir).filePath(kServerName);
    if (QFileInfo(beside).isExecutable() && QFileInfo(beside).isFile()) {
        if (choice)
            *choice = tr("next to the app: %1").arg(QDir::toNativeSeparators(beside));
        return beside;
    }
    const QString buildTree = QDir::cleanPath(QDir(appDir).filePath(QStringLiteral("../server/") + kServerName));
    if (QFileInfo(buildTree).isExecutable() && QFileInfo(buildTree).isFile()) {
        if (choice)
            *choice = tr("from the build tree: %1").arg(QDir::toNativeSeparators(buildTree));
        return buildTree;
    }
    QString onPath = QStandardPaths::findExecutable(kServerName);
    if (onPath.isEmpty())
        onPath = QStandardPaths::findExecutable(kServerName, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/lib/nestbox")});
    if (!onPath.isEmpty()) {
        if (choice)
            *choice = tr("installed: %1").arg(QDir::toNativeSeparators(onPath));
        return onPath;
    }
    if (choice)
        *choice = tr("no nestboxd next to the app, in the build tree or on the PATH");
    return {};
}

QStringList HostingController::lanAddresses()
{
    QStringList v4;
    QStringList v6;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &iface : interfaces) {
        const auto flags = iface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || !flags.testFlag(QNetworkInterface::IsRunning)
            || flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        const auto entries = iface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            const QHostAddress ip = entry.ip();
            if (ip.isLoopback() || ip.isNull())
                continue;
            if (ip.protocol() == QAbstractSocket::IPv4Protocol)
                v4.append(ip.toString());
            else if (ip.protocol() == QAbstractSocket::IPv6Protocol && !ip.isLinkLocal())
                v6.append(ip.toString());
        }
    }
    v4.removeDuplicates();
    v6.removeDuplicates();
    return v4 + v6;
}

qint64 HostingController::processId() const
{
    return _process ? _process->processId() : 0;
}

QString HostingController::logPath() const
{
    return QDir(_dataDir).filePath(QStringLiteral("nestboxd.log"));
}

QString HostingController::runDir() const
{
    return QDir(_dataDir).filePath(QStringLiteral("run"));
}

QString HostingController::statusText() const
{
    switch (_state) {
    case State::Stopped:
        return tr("Not running.");
    case State::Starting:
        return tr("Starting…");
    case State::Stopping:
        return tr("Stopping…");
    case State::Failed:
        return tr("Could not start: %1").arg(_error);
    case State::Running:
        break;
    }
    if (_mode == Mode::SystemService)
        return tr("The Nestbox server installed on this computer is running (%1).").arg(_localUrl.toDisplayString());
    if (_tlsPort > 0)
        return tr("Running (process %1): this app uses %2, the family connects on port %3.")
            .arg(processId())
            .arg(_localUrl.toDisplayString())
            .arg(_tlsPort);
    return tr("Running (process %1) on %2 only: this nestboxd has no secure port for other computers.")
        .arg(processId())
        .arg(_localUrl.toDisplayString());
}

QString HostingController::shareUrl() const
{
    if (_state != State::Running || _tlsPort <= 0)
        return {};
    const QStringList addresses = lanAddresses();
    const QString host = addresses.isEmpty() ? QStringLiteral("127.0.0.1") : hostForUrl(addresses.first());
    return QStringLiteral("https://%1:%2").arg(host).arg(_tlsPort);
}

QString HostingController::invitationText() const
{
    const QString url = shareUrl();
    if (url.isEmpty())
        return {};
    if (_fingerprint.isEmpty())
        return tr("Join our family album: open Nestbox and connect to %1").arg(url);
    return tr("Join our family album: open Nestbox and connect to %1 — fingerprint %2").arg(url, _fingerprint);
}

void HostingController::setState(State state)
{
    if (_state == state)
        return;
    _state = state;
    qCInfo(lcApp) << "hosting:" << state;
    Q_EMIT stateChanged(state);
}

void HostingController::fail(const QString &message)
{
    _pollTimer->stop();
    if (_reply) {
        _reply->disconnect(this);
        _reply->abort();
        _reply->deleteLater();
    }
    _error = message;
    qCWarning(lcApp) << "hosting failed:" << message;
    if (_process && _process->state() != QProcess::NotRunning) {
        _process->disconnect(this);
        _process->kill();
        _process->waitForFinished(5000);
    }
    setState(State::Failed);
    Q_EMIT failed(message);
}

void HostingController::start()
{
    if (_state == State::Starting || _state == State::Running || _state == State::Stopping)
        return;
    _error.clear();
    _mode = Mode::None;
    _localUrl.clear();
    _httpPort = 0;
    _tlsPort = 0;
    _fingerprint.clear();
    setState(State::Starting);
    checkSystemUnit();
}

void HostingController::checkSystemUnit()
{
    const QString systemctl = QStandardPaths::findExecutable(QStringLiteral("systemctl"));
    if (_systemUnit.isEmpty() || systemctl.isEmpty()) {
        probeSystemUrl();
        return;
    }
    delete _helper;
    _helper = new QProcess(this);
    _helper->setProgram(systemctl);
    _helper->setArguments({QStringLiteral("is-active"), QStringLiteral("--quiet"), _systemUnit});
    connect(_helper, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        const bool active = status == QProcess::NormalExit && exitCode == 0;
        qCInfo(lcApp) << "hosting: system unit" << _systemUnit << (active ? "is active" : "is not active");
        _helper->deleteLater();
        _helper = nullptr;
        if (_state != State::Starting)
            return; // stopped meanwhile
        if (active)
            _mode = Mode::SystemService;
        probeSystemUrl();
    });
    connect(_helper, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        _helper->deleteLater();
        _helper = nullptr;
        if (_state == State::Starting)
            probeSystemUrl();
    });
    _helper->start();
}

void HostingController::probeSystemUrl()
{
    if (!_systemUrl.isValid() || _systemUrl.isEmpty()) {
        startBundled();
        return;
    }
    QUrl url = _systemUrl;
    url.setPath(url.path() + QStringLiteral("/api/v1/server"));
    QNetworkRequest request(url);
    request.setTransferTimeout(kProbeTimeoutMs);
    QNetworkReply *reply = _network->get(request);
    _reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (_reply != reply || _state != State::Starting)
            return;
        _reply = nullptr;
        const QJsonObject info = QJsonDocument::fromJson(reply->readAll()).object();
        const bool nestbox = reply->error() == QNetworkReply::NoError && info.value(QLatin1String("api")).isDouble();
        if (nestbox) {
            qCInfo(lcApp) << "hosting: using the Nestbox server already running at" << _systemUrl;
            _mode = Mode::SystemService;
            _localUrl = _systemUrl;
            _httpPort = _systemUrl.port(80);
            // The server says where its HTTPS listener is (and its fingerprint, checked below).
            _tlsPort = info.value(QLatin1String("tls")).toObject().value(QLatin1String("port")).toInt();
            readFingerprint(QStringLiteral("127.0.0.1"));
            return;
        }
        if (_mode == Mode::SystemService) {
            fail(tr("The Nestbox service of this computer (%1) is running but does not answer at %2.")
                     .arg(_systemUnit, _systemUrl.toDisplayString()));
            return;
        }
        startBundled();
    });
}

int HostingController::choosePort(const QString &key, int preferred) const
{
    QSettings state(QDir(runDir()).filePath(QStringLiteral("hosting.ini")), QSettings::IniFormat);
    const QHostAddress address = key == QLatin1String("tls_port") ? QHostAddress(QHostAddress::Any)
                                                                  : QHostAddress(QHostAddress::LocalHost);
    const int previous = state.value(key).toInt();
    if (previous > 0 && portIsFree(address, previous))
        return previous;
    if (preferred > 0 && portIsFree(address, preferred))
        return preferred;
    return 0; // the server picks a free one and says which in its port file
}

void HostingController::startBundled()
{
    _mode = Mode::Bundled;
    if (_program.isEmpty())
        _program = findServerProgram(&_programChoice);
    if (_program.isEmpty()) {
        fail(tr("Nestbox cannot find its server program (%1). Reinstall Nestbox or install the "
                "nestbox-server package.")
                 .arg(_programChoice));
        return;
    }
    qCInfo(lcApp) << "hosting: server program" << _programChoice;
    if (!QDir().mkpath(runDir())) {
        fail(tr("Cannot create the server's folder %1.").arg(QDir::toNativeSeparators(_dataDir)));
        return;
    }
    _freshData = !QFileInfo::exists(QDir(_dataDir).filePath(QStringLiteral("nestbox.db")));

    const QString httpPortFile = QDir(runDir()).filePath(QStringLiteral("http.port"));
    const QString tlsPortFile = QDir(runDir()).filePath(QStringLiteral("tls.port"));
    QFile::remove(httpPortFile);
    QFile::remove(tlsPortFile);
    if (QFileInfo(logPath()).size() > kMaxLogBytes)
        QFile::remove(logPath());

    QStringList args{QStringLiteral("serve"), QStringLiteral("--data-dir=") + _dataDir,
                     QStringLiteral("-Dhttp.host=127.0.0.1"),
                     QStringLiteral("-Dhttp.port=%1").arg(choosePort(QStringLiteral("http_port"), 0)),
                     QStringLiteral("-Dhttp.port_file=") + httpPortFile};
    if (_tlsEnabled) {
        args << QStringLiteral("-Dtls.enabled=true") << QStringLiteral("-Dtls.host=0.0.0.0")
             << QStringLiteral("-Dtls.port=%1").arg(choosePort(QStringLiteral("tls_port"), _preferredTlsPort))
             << QStringLiteral("-Dtls.port_file=") + tlsPortFile;
    }
    // Anyone on the network can reach this server: sign-up is open only while it has no account
    // yet (for the first, admin, account); afterwards the family joins with invitation codes.
    args << QStringLiteral("-Dsignup.open=%1").arg(_freshData ? QStringLiteral("true") : QStringLiteral("false"));
    for (const QString &define : std::as_const(_extraDefines))
        args << QStringLiteral("-D") + define;

    delete _process;
    _process = new QProcess(this);
    _process->setProgram(_program);
    _process->setArguments(args);
    _process->setProcessChannelMode(QProcess::MergedChannels);
    _process->setStandardOutputFile(logPath(), QIODevice::Append);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The app's own NESTBOX_* variables are no server settings.
    const QStringList keys = env.keys();
    for (const QString &key : keys)
        if (key.startsWith(QLatin1String("NESTBOX_")))
            env.remove(key);
    _process->setProcessEnvironment(env);
#ifdef Q_OS_LINUX
    // The server lives as long as the app: if the app dies, the server is told to stop.
    _process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    connect(_process, &QProcess::finished, this, &HostingController::onProcessFinished);
    connect(_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("Cannot run %1: %2").arg(QDir::toNativeSeparators(_program), _process->errorString()));
    });
    qCInfo(lcApp) << "hosting: starting" << _program << args.join(QLatin1Char(' '));
    _startedAtMs = QDateTime::currentMSecsSinceEpoch();
    _httpReadyAtMs = 0;
    _process->start();
    _pollTimer->start();
}

void HostingController::pollStartup()
{
    if (_state != State::Starting || !_process) {
        _pollTimer->stop();
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - _startedAtMs > _startTimeout.count()) {
        fail(tr("The server did not start within %n second(s). Its log: %1", nullptr, int(_startTimeout.count() / 1000))
                 .arg(logTail(5)));
        return;
    }
    if (_httpReadyAtMs == 0) {
        if (_reply)
            return; // a readiness check is under way
        const int port = readPortFile(QDir(runDir()).filePath(QStringLiteral("http.port")));
        if (port == 0)
            return;
        _httpPort = port;
        _localUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        QNetworkRequest request(QUrl(_localUrl.toString() + QStringLiteral("/api/v1/server")));
        request.setTransferTimeout(kProbeTimeoutMs);
        QNetworkReply *reply = _network->get(request);
        _reply = reply;
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            if (_reply != reply)
                return;
            _reply = nullptr;
            if (reply->error() == QNetworkReply::NoError && _state == State::Starting)
                _httpReadyAtMs = QDateTime::currentMSecsSinceEpoch();
        });
        return;
    }
    if (!_tlsEnabled) {
        _pollTimer->stop();
        becomeReady();
        return;
    }
    const int tlsPort = readPortFile(QDir(runDir()).filePath(QStringLiteral("tls.port")));
    if (tlsPort > 0) {
        _pollTimer->stop();
        _tlsPort = tlsPort;
        readFingerprint(QStringLiteral("127.0.0.1"));
        return;
    }
    if (now - _httpReadyAtMs > kTlsGraceMs) {
        qCWarning(lcApp) << "hosting: the server opened no TLS port; only this computer can use it";
        _pollTimer->stop();
        becomeReady();
    }
}

void HostingController::readFingerprint(const QString &host)
{
    // The certificate is read the way a family member's app sees it: from a TLS handshake on the
    // public port. Nothing is sent over this connection, so its errors (self-signed) do not matter.
    const int port = _tlsPort;
    if (port <= 0 || !QSslSocket::supportsSsl()) {
        becomeReady();
        return;
    }
    auto *socket = new QSslSocket(this);
    socket->setPeerVerifyMode(QSslSocket::QueryPeer);
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    auto done = [this, socket, timer, port](bool ok) {
        timer->stop();
        if (ok) {
            _fingerprint = ServerTrustStore::fingerprintOf(socket->peerCertificate());
            _tlsPort = port;
        }
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        if (_state == State::Starting)
            becomeReady();
    };
    connect(socket, &QSslSocket::sslErrors, socket, [socket](const QList<QSslError> &) { socket->ignoreSslErrors(); });
    connect(socket, &QSslSocket::encrypted, this, [done] { done(true); });
    connect(socket, &QAbstractSocket::errorOccurred, this, [done](QAbstractSocket::SocketError) { done(false); });
    connect(timer, &QTimer::timeout, this, [done] { done(false); });
    timer->start(kProbeTimeoutMs * 2);
    socket->connectToHostEncrypted(host, quint16(port));
}

void HostingController::becomeReady()
{
    if (_state != State::Starting)
        return;
    if (_mode == Mode::Bundled) {
        QSettings state(QDir(runDir()).filePath(QStringLiteral("hosting.ini")), QSettings::IniFormat);
        state.setValue(QStringLiteral("http_port"), _httpPort);
        if (_tlsPort > 0)
            state.setValue(QStringLiteral("tls_port"), _tlsPort);
    }
    qCInfo(lcApp) << "hosting: ready at" << _localUrl << "tls port" << _tlsPort << "fingerprint" << _fingerprint;
    setState(State::Running);
    Q_EMIT ready(_localUrl);
}

void HostingController::stop()
{
    if (_state == State::Starting && _mode != Mode::Bundled) {
        if (_reply) {
            _reply->disconnect(this);
            _reply->abort();
        }
        _mode = Mode::None;
        setState(State::Stopped);
        return;
    }
    if (_mode == Mode::SystemService || !_process || _process->state() == QProcess::NotRunning) {
        // The system service is not the app's to stop; the app only stops using it.
        _pollTimer->stop();
        _mode = Mode::None;
        setState(State::Stopped);
        return;
    }
    _pollTimer->stop();
    setState(State::Stopping);
    _process->terminate(); // SIGTERM: nestboxd finishes its requests and closes the database
    _killTimer->start(int(_stopTimeout.count()));
}

void HostingController::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    _killTimer->stop();
    _pollTimer->stop();
    qCInfo(lcApp) << "hosting: nestboxd exited with" << exitCode << status;
    if (_state == State::Stopping || _state == State::Stopped) {
        setState(State::Stopped);
        return;
    }
    const QString tail = logTail(5);
    fail(status == QProcess::CrashExit ? tr("The server stopped unexpectedly. Its log: %1").arg(tail)
                                       : tr("The server exited (code %1). Its log: %2").arg(exitCode).arg(tail));
}

QString HostingController::logTail(int lines) const
{
    QFile f(logPath());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    if (f.size() > 64 * 1024)
        f.seek(f.size() - 64 * 1024);
    QList<QByteArray> all = f.readAll().trimmed().split('\n');
    QStringList out;
    for (qsizetype i = qMax<qsizetype>(0, all.size() - lines); i < all.size(); ++i)
        out.append(QString::fromUtf8(all.at(i)));
    return out.join(QLatin1Char('\n'));
}

} // namespace nestbox
