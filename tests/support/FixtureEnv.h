#pragma once

#include <QByteArray>
#include <QString>

// What the suites that start servers, daemons and displays of their own share: the values of a
// CTest fixture's env file, a free loopback port, the port a server writes into its port file,
// and the SHA-256 of a file on disk.
namespace FixtureEnv {

// KEY=VALUE (also `export KEY=VALUE`, value in quotes) from a fixture's env file; empty when the
// file or the key is missing.
QString value(const QString &envFile, const QString &key);
// DBUS_SYSTEM_BUS_ADDRESS of the `avahi` fixture (its env file named by NESTBOX_TEST_AVAHI_ENV);
// empty without the fixture.
QString avahiSystemBus();
// A TCP port on 127.0.0.1 nothing listens on right now (0 when none could be had).
int freePort();
// The port a server wrote into `path` (its port file), waiting up to `ms` with the event loop
// running; 0 when none came.
int waitForPortFile(const QString &path, int ms);
// Lower-case hex SHA-256 of the file's bytes; empty when it cannot be read.
QByteArray sha256OfFile(const QString &path);

} // namespace FixtureEnv
