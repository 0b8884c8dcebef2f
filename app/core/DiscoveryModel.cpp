#include "DiscoveryModel.h"

#include "Logging.h"
#include "ServerTrustStore.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QHostAddress>

namespace nestbox {

namespace {
const QString kAvahiService = QStringLiteral("org.freedesktop.Avahi");
const QString kServerInterface = QStringLiteral("org.freedesktop.Avahi.Server");
const QString kBrowserInterface = QStringLiteral("org.freedesktop.Avahi.ServiceBrowser");
constexpr int kIfUnspec = -1;
constexpr int kProtoUnspec = -1;
constexpr int kCallTimeoutMs = 5000;

QString keyOf(const QString &name, const QString &domain)
{
    return name + QLatin1Char('\n') + domain;
}

bool isIPv4(const QString &address)
{
    return QHostAddress(address).protocol() == QAbstractSocket::IPv4Protocol;
}
} // namespace

QUrl DiscoveryModel::Server::url() const
{
    QUrl u;
    u.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    u.setHost(address.isEmpty() ? host : address);
    u.setPort(port);
    return u;
}

DiscoveryModel::DiscoveryModel(QObject *parent)
    : QAbstractListModel(parent)
    , _bus(QDBusConnection::systemBus())
{
}

DiscoveryModel::~DiscoveryModel()
{
    if (!_browserPath.isEmpty() && _bus.isConnected()) {
        // Free the browser in avahi-daemon; no answer needed.
        QDBusMessage free = QDBusMessage::createMethodCall(kAvahiService, _browserPath, kBrowserInterface,
                                                           QStringLiteral("Free"));
        _bus.send(free);
    }
}

void DiscoveryModel::setBus(const QDBusConnection &bus)
{
    _bus = bus;
}

void DiscoveryModel::setStatus(const QString &status)
{
    if (_status == status)
        return;
    _status = status;
    Q_EMIT statusChanged(status);
}

void DiscoveryModel::start()
{
    if (!_browserPath.isEmpty())
        return;
    if (!_bus.isConnected()) {
        qCInfo(lcNet) << "discovery: no system bus:" << _bus.lastError().message();
        setStatus(tr("Cannot look for servers on your network: the system message bus is not available."));
        return;
    }
    // The browser's signals are matched for any path, so none is lost between ServiceBrowserNew
    // answering and a path-specific match being set up; each handler checks the path.
    const QString browser = kBrowserInterface;
    _bus.connect(kAvahiService, QString(), browser, QStringLiteral("ItemNew"), this,
                 SLOT(onItemNew(int, int, QString, QString, QString, uint, QDBusMessage)));
    _bus.connect(kAvahiService, QString(), browser, QStringLiteral("ItemRemove"), this,
                 SLOT(onItemRemove(int, int, QString, QString, QString, uint, QDBusMessage)));
    _bus.connect(kAvahiService, QString(), browser, QStringLiteral("Failure"), this,
                 SLOT(onFailure(QString, QDBusMessage)));
    _bus.connect(kAvahiService, QString(), browser, QStringLiteral("AllForNow"), this,
                 SLOT(onAllForNow(QDBusMessage)));

    QDBusMessage call = QDBusMessage::createMethodCall(kAvahiService, QStringLiteral("/"), kServerInterface,
                                                       QStringLiteral("ServiceBrowserNew"));
    call << kIfUnspec << kProtoUnspec << QString::fromLatin1(kServiceType) << QString() << uint(0);
    // Blocking (a local daemon answers at once): the browser's signals wait in the queue meanwhile.
    const QDBusMessage reply = _bus.call(call, QDBus::Block, kCallTimeoutMs);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) {
        qCInfo(lcNet) << "discovery: Avahi unavailable:" << reply.errorName() << reply.errorMessage();
        if (reply.errorName() == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown")
            || reply.errorName() == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner"))
            setStatus(tr("Cannot look for servers on your network: the Avahi service (avahi-daemon) is not running."));
        else
            setStatus(tr("Cannot look for servers on your network: %1").arg(reply.errorMessage()));
        return;
    }
    _browserPath = qvariant_cast<QDBusObjectPath>(reply.arguments().first()).path();
    qCInfo(lcNet) << "discovery: browsing" << kServiceType << "at" << _browserPath;
    setStatus(tr("Looking for Nestbox servers on your network…"));
}

void DiscoveryModel::onItemNew(int interface, int protocol, const QString &name, const QString &type,
                               const QString &domain, uint, const QDBusMessage &message)
{
    if (message.path() != _browserPath || type != QLatin1String(kServiceType))
        return;
    qCDebug(lcNet) << "discovery: new" << name << domain << "on interface" << interface << "protocol" << protocol;
    const Instance instance{interface, protocol, name, domain};
    for (const Instance &i : std::as_const(_instances))
        if (i.interface == interface && i.protocol == protocol && i.name == name && i.domain == domain)
            return;
    _instances.append(instance);
    resolve(instance);
}

void DiscoveryModel::onItemRemove(int interface, int protocol, const QString &name, const QString &type,
                                  const QString &domain, uint, const QDBusMessage &message)
{
    if (message.path() != _browserPath || type != QLatin1String(kServiceType))
        return;
    qCDebug(lcNet) << "discovery: gone" << name << domain << "on interface" << interface << "protocol" << protocol;
    _instances.removeIf([&](const Instance &i) {
        return i.interface == interface && i.protocol == protocol && i.name == name && i.domain == domain;
    });
    const bool anyLeft = std::any_of(_instances.cbegin(), _instances.cend(),
                                     [&](const Instance &i) { return i.name == name && i.domain == domain; });
    if (anyLeft)
        return;
    const int row = rowOfKey(keyOf(name, domain));
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    _servers.removeAt(row);
    _keys.removeAt(row);
    endRemoveRows();
}

void DiscoveryModel::onFailure(const QString &error, const QDBusMessage &message)
{
    if (message.path() != _browserPath)
        return;
    qCWarning(lcNet) << "discovery: Avahi browser failed:" << error;
    setStatus(tr("Looking for servers on your network failed: %1").arg(error));
}

void DiscoveryModel::onAllForNow(const QDBusMessage &message)
{
    if (message.path() != _browserPath)
        return;
    if (_servers.isEmpty())
        setStatus(tr("No Nestbox server found on your network yet."));
}

void DiscoveryModel::resolve(const Instance &instance)
{
    QDBusMessage call = QDBusMessage::createMethodCall(kAvahiService, QStringLiteral("/"), kServerInterface,
                                                       QStringLiteral("ResolveService"));
    call << instance.interface << instance.protocol << instance.name << QString::fromLatin1(kServiceType)
         << instance.domain << kProtoUnspec << uint(0);
    auto *watcher = new QDBusPendingCallWatcher(_bus.asyncCall(call, kCallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, instance](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        const QString key = keyOf(instance.name, instance.domain);
        const bool stillThere = std::any_of(_instances.cbegin(), _instances.cend(), [&](const Instance &i) {
            return i.interface == instance.interface && i.protocol == instance.protocol && i.name == instance.name
                   && i.domain == instance.domain;
        });
        if (!stillThere)
            return;
        const QList<QVariant> args = reply.arguments();
        if (reply.type() != QDBusMessage::ReplyMessage || args.size() < 10) {
            qCInfo(lcNet) << "discovery: cannot resolve" << instance.name << reply.errorMessage();
            return;
        }
        Server server;
        server.name = args.at(2).toString();
        server.host = args.at(5).toString();
        server.address = args.at(7).toString();
        server.port = int(args.at(8).toUInt());
        const QList<QByteArray> txt = qdbus_cast<QList<QByteArray>>(args.at(9));
        for (const QByteArray &entry : txt) {
            const qsizetype eq = entry.indexOf('=');
            const QByteArray k = entry.left(eq).toLower();
            const QString v = eq < 0 ? QString() : QString::fromUtf8(entry.mid(eq + 1));
            if (k == "fp") {
                QString normalized;
                if (ServerTrustStore::isFingerprint(v, &normalized))
                    server.fingerprint = normalized;
            } else if (k == "version") {
                server.version = v;
            } else if (k == "tls") {
                server.tls = v != QLatin1String("0");
            }
        }
        qCInfo(lcNet) << "discovery: found" << server.name << server.host << server.address << server.port;
        addOrUpdate(server, key);
    });
}

void DiscoveryModel::addOrUpdate(const Server &server, const QString &key)
{
    const int row = rowOfKey(key);
    if (row < 0) {
        beginInsertRows({}, int(_servers.size()), int(_servers.size()));
        _servers.append(server);
        _keys.append(key);
        endInsertRows();
        setStatus(tr("Found %n Nestbox server(s) on your network.", nullptr, int(_servers.size())));
        return;
    }
    Server merged = server;
    // The same server seen over IPv4 and IPv6: an IPv4 address is the one to offer.
    if (isIPv4(_servers.at(row).address) && !isIPv4(server.address))
        merged.address = _servers.at(row).address;
    _servers[row] = merged;
    Q_EMIT dataChanged(index(row), index(row));
}

int DiscoveryModel::rowOfKey(const QString &key) const
{
    return int(_keys.indexOf(key));
}

int DiscoveryModel::rowOfFingerprint(const QString &fingerprint) const
{
    if (fingerprint.isEmpty())
        return -1;
    for (int i = 0; i < _servers.size(); ++i)
        if (_servers.at(i).fingerprint.compare(fingerprint, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

int DiscoveryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(_servers.size());
}

QVariant DiscoveryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Server &s = _servers.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 — %2").arg(s.name, s.url().authority());
    case Qt::ToolTipRole:
        return s.fingerprint.isEmpty() ? s.url().toString()
                                       : tr("%1\nCertificate fingerprint %2").arg(s.url().toString(), s.fingerprint);
    case NameRole:
        return s.name;
    case HostRole:
        return s.host;
    case AddressRole:
        return s.address;
    case PortRole:
        return s.port;
    case FingerprintRole:
        return s.fingerprint;
    case UrlRole:
        return s.url();
    case VersionRole:
        return s.version;
    default:
        return {};
    }
}

QHash<int, QByteArray> DiscoveryModel::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractListModel::roleNames();
    roles.insert(NameRole, "name");
    roles.insert(HostRole, "host");
    roles.insert(AddressRole, "address");
    roles.insert(PortRole, "port");
    roles.insert(FingerprintRole, "fingerprint");
    roles.insert(UrlRole, "url");
    roles.insert(VersionRole, "version");
    return roles;
}

} // namespace nestbox
