#include "HostingDialog.h"

#include "HostingController.h"
#include "Icons.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace nestbox {

HostingDialog::HostingDialog(HostingController *controller, QWidget *parent)
    : QDialog(parent)
    , _controller(controller)
    , _status(new QLabel(this))
    , _program(new QLabel(this))
    , _addresses(new QLabel(this))
    , _invitation(new QLabel(this))
    , _copyButton(new QPushButton(tr("&Copy"), this))
    , _startButton(new QPushButton(tr("&Start Server"), this))
    , _stopButton(new QPushButton(tr("S&top Server"), this))
    , _startWithApp(new QCheckBox(tr("Start this server &whenever Nestbox starts"), this))
{
    setObjectName(QStringLiteral("hostingDialog"));
    setWindowTitle(tr("Host a Nestbox Server"));
    setMinimumWidth(560);

    auto *heading = new QLabel(tr("Host your family album on this computer"), this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.35);
    headingFont.setWeight(QFont::DemiBold);
    heading->setFont(headingFont);
    auto *intro = new QLabel(tr("This computer keeps everyone's photos while Nestbox runs here. The others "
                                "in your home connect with the invitation below; their app asks them once "
                                "to trust this computer's fingerprint."),
                             this);
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    for (QLabel *label : {_status, _program, _addresses}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setTextFormat(Qt::PlainText);
    }
    _status->setObjectName(QStringLiteral("hostingStatus"));
    _program->setForegroundRole(QPalette::PlaceholderText);
    _invitation->setObjectName(QStringLiteral("invitationText"));
    // No word wrap (a fingerprint cannot be broken): the address and the fingerprint get a line each.
    _invitation->setWordWrap(false);
    _invitation->setTextFormat(Qt::PlainText);
    _invitation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    _invitation->setStyleSheet(QStringLiteral("QLabel { border: 1px solid palette(mid); border-radius: 4px; padding: 6px; }"));
    Icons::set(_copyButton, QStringLiteral("copy"));
    _copyButton->setToolTip(tr("Copy the invitation, then send it to your family"));

    auto *invitationRow = new QHBoxLayout;
    invitationRow->addWidget(_invitation, 1);
    invitationRow->addWidget(_copyButton, 0, Qt::AlignTop);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Status:"), _status);
    form->addRow(tr("Addresses:"), _addresses);
    form->addRow(tr("Invitation:"), invitationRow);
    form->addRow(tr("Server program:"), _program);
    form->addRow(QString(), _startWithApp);
    _startWithApp->setChecked(QSettings().value(startWithAppKey(), false).toBool());

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(_startButton, QDialogButtonBox::ActionRole);
    buttons->addButton(_stopButton, QDialogButtonBox::ActionRole);

    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    layout->setContentsMargins(20, 20, 20, 16);
    layout->addWidget(heading);
    layout->addWidget(intro);
    layout->addSpacing(10);
    layout->addLayout(form);
    layout->addSpacing(8);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(_startButton, &QPushButton::clicked, _controller, &HostingController::start);
    connect(_stopButton, &QPushButton::clicked, _controller, &HostingController::stop);
    connect(_copyButton, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(_controller->invitationText());
        _copyButton->setText(tr("Copied"));
    });
    connect(_startWithApp, &QCheckBox::toggled, this,
            [](bool on) { QSettings().setValue(startWithAppKey(), on); });
    connect(_controller, &HostingController::stateChanged, this, &HostingDialog::updateWidgets);
    updateWidgets();
}

HostingDialog::~HostingDialog() = default;

QString HostingDialog::startWithAppKey()
{
    return QStringLiteral("hosting/startWithApp");
}

QString HostingDialog::invitationText() const
{
    return _controller->invitationText();
}

QString HostingDialog::statusText() const
{
    return _status->text();
}

void HostingDialog::updateWidgets()
{
    using State = HostingController::State;
    const State state = _controller->state();
    _status->setText(_controller->statusText());
    const QString color = state == State::Running ? QStringLiteral("#1e7b34")
                          : state == State::Failed ? QStringLiteral("#a3261b")
                                                   : QString();
    _status->setStyleSheet(color.isEmpty() ? QString() : QStringLiteral("QLabel { color: %1; }").arg(color));

    const QStringList addresses = HostingController::lanAddresses();
    _addresses->setText(addresses.isEmpty() ? tr("This computer is not connected to a network.")
                                            : addresses.join(QLatin1String(", ")));
    const QString program = _controller->mode() == HostingController::Mode::SystemService
                                ? tr("the Nestbox service installed on this computer")
                                : _controller->serverProgramChoice();
    _program->setText(program.isEmpty() ? tr("chosen when the server starts") : program);
    _program->setVisible(true);

    const QString invitation = _controller->invitationText();
    QString shown = invitation;
    shown.replace(QStringLiteral(" — "), QStringLiteral("\n"));
    _invitation->setText(invitation.isEmpty() ? tr("Start the server to get an invitation") : shown);
    _invitation->setEnabled(!invitation.isEmpty());
    _copyButton->setText(tr("&Copy"));
    _copyButton->setEnabled(!invitation.isEmpty());
    _startButton->setEnabled(state == State::Stopped || state == State::Failed);
    // The installed service belongs to the system (systemctl), not to the app.
    const bool systemService = _controller->mode() == HostingController::Mode::SystemService;
    _stopButton->setEnabled((state == State::Running || state == State::Starting) && !systemService);
    _stopButton->setToolTip(systemService ? tr("The Nestbox service installed on this computer is started and "
                                               "stopped by the system, not by this app")
                                          : QString());
}

} // namespace nestbox
