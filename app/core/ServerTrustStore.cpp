#include "ServerTrustStore.h"

#include "Logging.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSettings>

namespace nestbox {

namespace {
const QString kGroup = QStringLiteral("trustedServers");

// QSettings keys cannot hold '/' or '\\' portably, and ':' is fine; hosts never contain either.
QString settingsKey(const QString &serverKey)
{
    QString key = serverKey;
    key.replace(QLatin1Char('/'), QLatin1Char('_'));
    key.replace(QLatin1Char('\\'), QLatin1Char('_'));
    return key;
}
} // namespace

ServerTrustStore::ServerTrustStore(QSettings *settings, QObject *parent)
    : QObject(parent)
    , _settings(settings)
{
}

ServerTrustStore::~ServerTrustStore()
{
    delete _ownSettings;
}

QSettings *ServerTrustStore::settings() const
{
    if (_settings)
        return _settings;
    if (!_ownSettings)
        _ownSettings = new QSettings;
    return _ownSettings;
}

QString ServerTrustStore::fingerprintOf(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    const QByteArray digest = QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

QString ServerTrustStore::serverKey(const QString &host, int port)
{
    QString h = host.toLower();
    if (h.contains(QLatin1Char(':')) && !h.startsWith(QLatin1Char('[')))
        h = QLatin1Char('[') + h + QLatin1Char(']'); // IPv6
    return h + QLatin1Char(':') + QString::number(port);
}

QString ServerTrustStore::serverKey(const QUrl &url)
{
    const int defaultPort = url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80;
    return serverKey(url.host(), url.port(defaultPort));
}

bool ServerTrustStore::isFingerprint(const QString &text, QString *normalized)
{
    QString hex = text.trimmed();
    hex.remove(QLatin1Char(':'));
    static const QRegularExpression re(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (!re.match(hex).hasMatch())
        return false;
    if (normalized) {
        const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
        *normalized = QString::fromLatin1(bytes.toHex(':').toUpper());
    }
    return true;
}

QString ServerTrustStore::fingerprintForDisplay(const QString &fingerprint)
{
    QString normalized;
    if (!isFingerprint(fingerprint, &normalized))
        return fingerprint;
    return normalized.left(47) + QLatin1Char('\n') + normalized.mid(48);
}

QString ServerTrustStore::pinnedFingerprint(const QString &serverKey) const
{
    return settings()->value(kGroup + QLatin1Char('/') + settingsKey(serverKey)).toString();
}

void ServerTrustStore::pin(const QString &serverKey, const QString &fingerprint)
{
    QString normalized;
    if (!isFingerprint(fingerprint, &normalized))
        return;
    settings()->setValue(kGroup + QLatin1Char('/') + settingsKey(serverKey), normalized);
    settings()->sync();
    qCInfo(lcNet) << "trusting the certificate of" << serverKey << normalized;
    Q_EMIT pinsChanged();
}

void ServerTrustStore::unpin(const QString &serverKey)
{
    settings()->remove(kGroup + QLatin1Char('/') + settingsKey(serverKey));
    settings()->sync();
    qCInfo(lcNet) << "forgot the trusted certificate of" << serverKey;
    Q_EMIT pinsChanged();
}

QList<ServerTrustStore::Pin> ServerTrustStore::pins() const
{
    QList<Pin> out;
    QSettings *s = settings();
    s->beginGroup(kGroup);
    const QStringList keys = s->childKeys();
    for (const QString &key : keys)
        out.append(Pin{key, s->value(key).toString()});
    s->endGroup();
    return out;
}

ServerTrustStore::Verdict ServerTrustStore::check(const QString &serverKey, const QSslCertificate &certificate,
                                                  const QList<QSslError> &errors) const
{
    if (certificate.isNull())
        return Verdict::Unusable;
    for (const QSslError &error : errors) {
        switch (error.error()) {
        case QSslError::CertificateRevoked:
        case QSslError::CertificateBlacklisted:
        case QSslError::NoPeerCertificate:
            return Verdict::Unusable;
        default:
            break;
        }
    }
    const QString pinned = pinnedFingerprint(serverKey);
    if (pinned.isEmpty())
        return Verdict::Unknown;
    return pinned.compare(fingerprintOf(certificate), Qt::CaseInsensitive) == 0 ? Verdict::Trusted : Verdict::Changed;
}

} // namespace nestbox
