#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace nestbox {

// Keeps one secret (the session token) per account: in the system keychain through QtKeychain
// when one answers, else in a file readable only by the user (0600) under AppDataLocation.
// The backend is chosen by NESTBOX_TOKEN_STORE (`keychain` or `file`) or else automatically: the
// keychain first, falling back to the file for good (in this process) when the keychain says no
// backend is available. Callbacks run later on this object's thread, never inside the call.
class TokenStore : public QObject {
    Q_OBJECT

public:
    enum class Backend { Automatic, Keychain, File };
    Q_ENUM(Backend)

    explicit TokenStore(QObject *parent = nullptr);
    // An explicit backend; `fileDirectory` empty = AppDataLocation.
    TokenStore(Backend backend, const QString &fileDirectory, QObject *parent = nullptr);
    ~TokenStore() override;

    // What is in use now (Automatic until the keychain has answered once).
    Backend backend() const { return _backend; }
    // Translated, for the settings dialog: "the system keychain" / "a private file (…)".
    QString backendDescription() const;
    QString filePath() const;

    using ReadCallback = std::function<void(const QString &token)>; // empty: none stored
    using DoneCallback = std::function<void(bool ok)>;

    void readToken(const QString &account, QObject *context, ReadCallback callback);
    void writeToken(const QString &account, const QString &token, QObject *context = nullptr,
                    DoneCallback callback = {});
    void deleteToken(const QString &account, QObject *context = nullptr, DoneCallback callback = {});

Q_SIGNALS:
    void backendChanged(nestbox::TokenStore::Backend backend);

private:
    friend class TokenStoreKeychain;
    bool readFile(const QString &account, QString *token) const;
    bool writeFile(const QString &account, const QString &token);
    bool removeFromFile(const QString &account);
    void useFileBackend();

    Backend _backend;
    QString _directory;
};

} // namespace nestbox
