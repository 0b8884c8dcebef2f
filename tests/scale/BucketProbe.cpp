#include "BucketProbe.h"

#include "ScaleEnv.h"

#include "S3Client.h"
#include "S3Error.h"

#include <sstream>

using nestbox::server::S3Client;
using nestbox::server::S3Config;

BucketProbe::BucketProbe(const ScaleEnv &env, const QString &bucket)
{
    S3Config config;
    config.endpoint = env.s3Endpoint().toStdString();
    config.region = env.region().isEmpty() ? "us-east-1" : env.region().toStdString();
    config.bucket = bucket.toStdString();
    config.accessKey = env.accessKey().toStdString();
    config.secretKey = env.secretKey().toStdString();
    config.pathStyle = true;
    config.maxAttempts = 2;
    _s3 = std::make_unique<S3Client>(config);
}

BucketProbe::~BucketProbe() = default;

std::optional<qint64> BucketProbe::blobSize(const QByteArray &sha256, QString *error)
{
    try {
        const auto info = _s3->headObject("blobs/" + sha256.toStdString());
        if (!info)
            return std::nullopt;
        return static_cast<qint64>(info->size);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
}

QStringList BucketProbe::keys(const QString &prefix, QString *error)
{
    QStringList out;
    try {
        std::string token;
        do {
            const auto page = _s3->listObjectsV2(prefix.toStdString(), token);
            for (const auto &object : page.objects)
                out << QString::fromStdString(object.key);
            token = page.nextContinuationToken;
        } while (!token.empty());
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
    }
    return out;
}

QStringList BucketProbe::multipartUploads(const QString &prefix, QString *error)
{
    QStringList out;
    try {
        for (const auto &upload : _s3->listMultipartUploads(prefix.toStdString()))
            out << QString::fromStdString(upload.key);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
    }
    return out;
}

QByteArray BucketProbe::get(const QString &key, QString *error)
{
    std::ostringstream out;
    try {
        _s3->getObject(key.toStdString(), out);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return {};
    }
    const std::string bytes = out.str();
    return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()));
}
