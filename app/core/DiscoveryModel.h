#pragma once

#include <QAbstractListModel>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QList>
#include <QString>
#include <QUrl>

namespace nestbox {

// The Nestbox servers on the home network: browses DNS-SD `_nestbox._tcp` through Avahi's D-Bus
// API on the system bus (org.freedesktop.Avahi: Server.ServiceBrowserNew, then Server.ResolveService
// for each service found) and keeps one row per announced server: its name, host, address, port
// and the certificate fingerprint from the TXT record (fp=…). A row goes when Avahi says the
// service went away. Without a system bus or without avahi-daemon the model stays empty and
// statusText() says why; nothing else happens. start() begins browsing (the constructor does not).
// The bus comes from DBUS_SYSTEM_BUS_ADDRESS when set (tests), the system's otherwise. GUI thread.
class DiscoveryModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        HostRole,        // "nas.local"
        AddressRole,     // "192.168.1.20"
        PortRole,        // int
        FingerprintRole, // "AB:CD:…" from TXT fp=, empty when not announced
        UrlRole,         // QUrl https://address:port (http:// when TXT says tls=0)
        VersionRole,     // TXT version=
    };
    Q_ENUM(Role)

    struct Server {
        QString name;
        QString host;
        QString address;
        int port = 0;
        QString fingerprint;
        QString version;
        bool tls = true;
        QUrl url() const;
    };

    static constexpr const char *kServiceType = "_nestbox._tcp";

    explicit DiscoveryModel(QObject *parent = nullptr);
    ~DiscoveryModel() override;

    // A bus other than the system bus (tests); before start().
    void setBus(const QDBusConnection &bus);
    void start();
    bool isBrowsing() const { return !_browserPath.isEmpty(); }
    // "Looking for Nestbox servers on your network…", "Avahi is not running…", …
    QString statusText() const { return _status; }
    QList<Server> servers() const { return _servers; }
    // The row of a server announcing this fingerprint, -1 when none.
    int rowOfFingerprint(const QString &fingerprint) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void statusChanged(const QString &status);

private Q_SLOTS:
    void onItemNew(int interface, int protocol, const QString &name, const QString &type, const QString &domain,
                   uint flags, const QDBusMessage &message);
    void onItemRemove(int interface, int protocol, const QString &name, const QString &type, const QString &domain,
                      uint flags, const QDBusMessage &message);
    void onFailure(const QString &error, const QDBusMessage &message);
    void onAllForNow(const QDBusMessage &message);

private:
    struct Instance {
        int interface;
        int protocol;
        QString name;
        QString domain;
    };
    void setStatus(const QString &status);
    void resolve(const Instance &instance);
    void addOrUpdate(const Server &server, const QString &key);
    int rowOfKey(const QString &key) const;

    QDBusConnection _bus;
    QString _browserPath;
    QString _status;
    QList<Server> _servers;
    QStringList _keys;                 // per row: "name\ndomain"
    QList<Instance> _instances;        // every (interface, protocol) Avahi reported, per key
};

} // namespace nestbox
