<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>main</name>
    <message>
        <source>Nestbox, the family photo album</source>
        <translation>Nestbox, the family photo album</translation>
    </message>
    <message>
        <source>Fill in the server address and connect to it at start.</source>
        <translation>Fill in the server address and connect to it at start.</translation>
    </message>
    <message>
        <source>address</source>
        <translation>address</translation>
    </message>
    <message>
        <source>Save a PNG picture of the main window once it is shown (and connected, with --server), then quit.</source>
        <translation>Save a PNG picture of the main window once it is shown (and connected, with --server), then quit.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>file</translation>
    </message>
</context>
<context>
    <name>nestbox::MainWindow</name>
    <message>
        <source>Nestbox</source>
        <translation>Nestbox</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Nestbox</source>
        <translation>&amp;About Nestbox</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>About &amp;Qt</translation>
    </message>
    <message>
        <source>About Nestbox</source>
        <translation>About Nestbox</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Nestbox %1&lt;/h3&gt;&lt;p&gt;A private photo album for your family, kept on a computer you own.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Nestbox %1&lt;/h3&gt;&lt;p&gt;A private photo album for your family, kept on a computer you own.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>nestbox::ServerProbe</name>
    <message>
        <source>Type the address of your Nestbox server.</source>
        <translation>Type the address of your Nestbox server.</translation>
    </message>
    <message>
        <source>“%1” is not a server address. Type something like http://nestbox.local:8080.</source>
        <translation>“%1” is not a server address. Type something like http://nestbox.local:8080.</translation>
    </message>
    <message>
        <source>The server at %1 answered, but it is not a Nestbox server. Check the address and the port.</source>
        <translation>The server at %1 answered, but it is not a Nestbox server. Check the address and the port.</translation>
    </message>
    <message>
        <source>Cannot find the server “%1”. Check the address for typing mistakes.</source>
        <translation>Cannot find the server “%1”. Check the address for typing mistakes.</translation>
    </message>
    <message numerus="yes">
        <source>The server at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>The server at %1 did not answer within %n second.</numerusform>
            <numerusform>The server at %1 did not answer within %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open a secure connection to %1: %2</source>
        <translation>Cannot open a secure connection to %1: %2</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check that it is running and that this computer can reach it.</source>
        <translation>Cannot reach the server at %1. Check that it is running and that this computer can reach it.</translation>
    </message>
    <message>
        <source>The Nestbox server at %1 has a problem: %2. Try again in a moment.</source>
        <translation>The Nestbox server at %1 has a problem: %2. Try again in a moment.</translation>
    </message>
    <message>
        <source>The server at %1 answered with error %2. Try again in a moment.</source>
        <translation>The server at %1 answered with error %2. Try again in a moment.</translation>
    </message>
    <message>
        <source>“%1” speaks version %2 of the Nestbox protocol, but this app speaks version %3. Update the app or the server.</source>
        <translation>“%1” speaks version %2 of the Nestbox protocol, but this app speaks version %3. Update the app or the server.</translation>
    </message>
</context>
<context>
    <name>nestbox::WelcomePage</name>
    <message>
        <source>Welcome to Nestbox</source>
        <translation>Welcome to Nestbox</translation>
    </message>
    <message>
        <source>Your family album is on its way. Until it arrives, you can check that this computer reaches your Nestbox server.</source>
        <translation>Your family album is on its way. Until it arrives, you can check that this computer reaches your Nestbox server.</translation>
    </message>
    <message>
        <source>for example http://nestbox.local:8080</source>
        <translation>for example http://nestbox.local:8080</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connecting to %1…</translation>
    </message>
    <message>
        <source>Connected to “%1”, a Nestbox server, version %2. Signing in comes with the full album.</source>
        <translation>Connected to “%1”, a Nestbox server, version %2. Signing in comes with the full album.</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Connect</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>Server &amp;address</translation>
    </message>
</context>
</TS>
