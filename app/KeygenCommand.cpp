// `dossier keygen --out DIR`: a signing key for demos and tests, its certificate labelled TEST.
#include <iostream>
#include <memory>

#include "app/Cli.h"
#include "app/ExitCode.h"
#include "pdf/TestKey.h"

namespace dossier {

void AddKeygenCommand(CLI::App& app, CommonOptions& common) {
    auto* command = app.add_subcommand("keygen",
                                       "make a TEST signing key (PKCS#12 + password file, 0600) "
                                       "under a TEST CA, for demos and tests");
    struct Arguments {
        std::string out;
        bool selfSigned = false, ec = false;
        int days = 365;
    };
    auto arguments = std::make_shared<Arguments>();
    command
        ->add_option("--out,-o", arguments->out,
                     "folder for signer.p12, signer.pass, signer.crt, signer.key, ca.crt")
        ->required();
    command->add_flag("--self-signed", arguments->selfSigned,
                      "no test CA: a self-signed certificate");
    command->add_flag("--ec", arguments->ec, "ECDSA P-256 instead of RSA 3072");
    command->add_option("--days", arguments->days, "validity in days")->check(CLI::Range(1, 3650));
    command->callback([&common, arguments] {
        TestKeyOptions options;
        options.withCa = !arguments->selfSigned;
        options.keyType = arguments->ec ? "ec" : "rsa";
        options.days = arguments->days;
        WriteTestKey(MakeTestKey(options), arguments->out);
        const std::string dir = arguments->out;
        std::cout << "TEST signing key written to " << dir
                  << " (not for production: documents signed with it say so)\n"
                  << "  signer.p12   key + certificate" << (options.withCa ? " + test CA" : "")
                  << " (mode 0600)\n"
                  << "  signer.pass  its password (mode 0600)\n"
                  << "  signer.crt, signer.key  the same as PEM\n";
        if (options.withCa)
            std::cout << "  ca.crt       the test CA: dossier verify --ca " << dir << "/ca.crt\n";
        std::cout << "Configuration:\n  signing:\n    p12_file: " << dir
                  << "/signer.p12\n    password_file: " << dir << "/signer.pass\n";
        common.exitStatus = kExitProcessed;
    });
}

}  // namespace dossier
