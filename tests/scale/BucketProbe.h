#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace nestbox::server {
class S3Client;
}

class ScaleEnv;

// Looks into the bucket behind a deployment with the server's own S3 client (SigV4 against RGW),
// independently of any nestboxd: whether blobs/<sha256> is there and how big, what keys exist.
class BucketProbe
{
public:
    BucketProbe(const ScaleEnv &env, const QString &bucket);
    ~BucketProbe();

    // Size of blobs/<sha256>, nullopt when absent; *error set (and nullopt) when RGW failed.
    std::optional<qint64> blobSize(const QByteArray &sha256, QString *error = nullptr);
    // Every key under `prefix`; *error set on failure.
    QStringList keys(const QString &prefix = QStringLiteral("blobs/"), QString *error = nullptr);

    // Keys with a multipart upload in progress under `prefix` (one entry per upload); *error on failure.
    QStringList multipartUploads(const QString &prefix = QStringLiteral("blobs/"), QString *error = nullptr);
    // The object's bytes (a small one: a thumbnail); empty + *error when absent or on failure.
    QByteArray get(const QString &key, QString *error = nullptr);

private:
    std::unique_ptr<nestbox::server::S3Client> _s3;
};
