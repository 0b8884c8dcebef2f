#pragma once

#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace nestbox {

// "Host a Nestbox server on this computer". start() first looks for a server that is already
// installed here: the system service (`systemctl is-active nestbox-server.service`) or a Nestbox
// server answering GET /api/v1/server on 127.0.0.1:8080; when one is found it is used as it is.
// Otherwise it runs the bundled nestboxd (found next to the app, then in the build tree's
// ../server, then on PATH; serverProgramChoice() says which) as a child process on the embedded
// profile with its data in AppDataLocation/server: plain HTTP on loopback for this app (a free
// port the first time, the same one on later starts when it is still free), TLS on all addresses
// for the family (8443, or the port used before, or any free one). Sign-up is open only on a start
// with no data yet (for the first, admin, account); later starts take new accounts only with an
// invitation code or from the admin. Once the server answers, state() is Running, localUrl() is
// where this app signs in, and lanAddresses(), tlsPort(), fingerprint() (read from a TLS handshake
// with the server, as the family's apps see it) and invitationText() say how the others connect.
// stop() sends SIGTERM and kills after stopTimeout(). The server runs as long as this object (the
// app) does. GUI thread.
class HostingController : public QObject {
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Stopping, Failed };
    Q_ENUM(State)
    enum class Mode { None, Bundled, SystemService };
    Q_ENUM(Mode)

    static constexpr int kDefaultTlsPort = 8443;
    static constexpr std::chrono::milliseconds kDefaultStartTimeout{60'000};
    static constexpr std::chrono::milliseconds kDefaultStopTimeout{10'000};

    explicit HostingController(QObject *parent = nullptr);
    ~HostingController() override;

    // Where the embedded server keeps its data; AppDataLocation/server by default.
    void setDataDir(const QString &dir);
    QString dataDir() const { return _dataDir; }
    // The nestboxd to run; found by findServerProgram() when not set.
    void setServerProgram(const QString &path);
    QString serverProgram() const { return _program; }
    // How the program was chosen ("next to the app: /opt/nestbox/nestboxd", …).
    QString serverProgramChoice() const { return _programChoice; }
    // The installed server to look for first (tests point these elsewhere): the systemd unit
    // and the address of a server already answering.
    void setSystemServiceUnit(const QString &unit) { _systemUnit = unit; }
    void setSystemServiceUrl(const QUrl &url) { _systemUrl = url; }
    void setTlsEnabled(bool enabled) { _tlsEnabled = enabled; }
    // The TLS port tried first on a first start (8443); 0 = any free port.
    void setPreferredTlsPort(int port) { _preferredTlsPort = port; }
    void setStartTimeout(std::chrono::milliseconds timeout) { _startTimeout = timeout; }
    void setStopTimeout(std::chrono::milliseconds timeout) { _stopTimeout = timeout; }
    // Extra -Dkey=value settings for the bundled server (tests: cheap Argon2, small chunks).
    void setExtraDefines(const QStringList &defines) { _extraDefines = defines; }

    // The nestboxd this app would run: next to the app binary, then ../server/nestboxd (the build
    // tree), then PATH (and /usr/sbin). Empty when there is none; `choice` says what was found.
    static QString findServerProgram(QString *choice = nullptr);
    // The addresses others on the network can use: IPv4 and IPv6 of interfaces that are up and
    // running, without loopback and IPv6 link-local ones, IPv4 first.
    static QStringList lanAddresses();

    State state() const { return _state; }
    Mode mode() const { return _mode; }
    bool isRunning() const { return _state == State::Running; }
    // Whether the bundled server started on an empty data folder this time (nobody has an account
    // yet: the app offers sign-up as the first, admin, user).
    bool isFreshData() const { return _freshData; }
    QUrl localUrl() const { return _localUrl; }
    int httpPort() const { return _httpPort; }
    int tlsPort() const { return _tlsPort; }
    // SHA-256 of the server's certificate, "AB:CD:…" (empty when unknown or without TLS).
    QString fingerprint() const { return _fingerprint; }
    qint64 processId() const;
    // A translated status line for the UI; errorString() after Failed.
    QString statusText() const;
    QString errorString() const { return _error; }
    // The address the family types: https://<first LAN address>:<tls port> (empty without TLS).
    QString shareUrl() const;
    // "Join our family album: open Nestbox and connect to https://192.168.1.20:8443 — fingerprint AB:…"
    QString invitationText() const;
    QString logPath() const;

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    void stateChanged(nestbox::HostingController::State state);
    // Running and reachable on localUrl(): the app can sign in now.
    void ready(const QUrl &localUrl);
    void failed(const QString &message);

private:
    void setState(State state);
    void fail(const QString &message);
    void checkSystemUnit();
    void probeSystemUrl();
    void startBundled();
    void pollStartup();
    void readFingerprint(const QString &host);
    void becomeReady();
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    QString logTail(int lines) const;
    int choosePort(const QString &key, int preferred) const;
    QString runDir() const;

    QString _dataDir;
    QString _program;
    QString _programChoice;
    QString _systemUnit = QStringLiteral("nestbox-server.service");
    QUrl _systemUrl = QUrl(QStringLiteral("http://127.0.0.1:8080"));
    QStringList _extraDefines;
    bool _tlsEnabled = true;
    int _preferredTlsPort = kDefaultTlsPort;
    std::chrono::milliseconds _startTimeout = kDefaultStartTimeout;
    std::chrono::milliseconds _stopTimeout = kDefaultStopTimeout;

    QNetworkAccessManager *_network;
    QProcess *_process = nullptr;
    QProcess *_helper = nullptr; // systemctl
    QPointer<QNetworkReply> _reply;
    QTimer *_pollTimer;
    QTimer *_killTimer;
    qint64 _startedAtMs = 0;
    qint64 _httpReadyAtMs = 0;
    State _state = State::Stopped;
    Mode _mode = Mode::None;
    bool _freshData = false;
    QUrl _localUrl;
    int _httpPort = 0;
    int _tlsPort = 0;
    QString _fingerprint;
    QString _error;
};

} // namespace nestbox
