#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// Runs a program to its end (an operator sub-command of nestboxd): stdin from `input`, stdout
// and stderr merged, killed after `timeoutMs`. Shared by the fixtures that run `nestboxd fsck`,
// `gc`, `user add` and the like.
struct CommandResult {
    int exitCode = -1; // -1 when it did not start, crashed or timed out
    QByteArray output;
};

CommandResult runToCompletion(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                              const QByteArray &input, int timeoutMs);
