// `dossier verify CASE_PDF [--ca FILE] [--json]`: is the case file signed and unchanged since?
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/Cli.h"
#include "app/ExitCode.h"
#include "core/Files.h"
#include "pdf/Verify.h"

namespace dossier {

namespace {

/// "D:20261122042613+05'00'" -> "2026-11-22T04:26:13+05:00"; the input when it does not parse.
std::string IsoTime(const std::string& pdfDate) {
    std::string d = pdfDate.rfind("D:", 0) == 0 ? pdfDate.substr(2) : pdfDate;
    if (d.size() < 14) return pdfDate;
    std::string iso = d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) + "T" +
                      d.substr(8, 2) + ":" + d.substr(10, 2) + ":" + d.substr(12, 2);
    std::string zone = d.substr(14);
    if (zone.empty() || zone[0] == 'Z') return iso + "Z";
    if (zone.size() >= 6 && (zone[0] == '+' || zone[0] == '-'))
        return iso + zone.substr(0, 3) + ":" + zone.substr(4, 2);
    return iso;
}

}  // namespace

void AddVerifyCommand(CLI::App& app, CommonOptions& common) {
    auto* command = app.add_subcommand("verify",
                                       "check a case file's signature, its certificate chain, and "
                                       "that it is unchanged since signing");
    struct Arguments {
        std::string file, ca;
    };
    auto arguments = std::make_shared<Arguments>();
    command->add_option("CASE_PDF", arguments->file, "signed case file")
        ->required()
        ->check(CLI::ExistingFile);
    command
        ->add_option("--ca", arguments->ca,
                     "PEM file of trusted CA certificates (else trust is not checked)")
        ->check(CLI::ExistingFile);
    AddCommonOptions(*command, common);
    command->callback([&common, arguments] {
        const VerifyResult result = VerifyPdf(ReadFileBytes(arguments->file), {arguments->ca});
        const bool valid = result.Valid();
        if (common.json) {
            nlohmann::json out{
                {"file", arguments->file},
                {"valid", valid},
                {"signature_found", result.signatureFound},
                {"digest_matches", result.digestMatches},
                {"signature_valid", result.signatureValid},
                {"covers_whole_file", result.coversWholeFile},
                {"trust_checked", result.trustChecked},
                {"certificate_trusted",
                 result.trustChecked ? nlohmann::json(result.certificateTrusted) : nullptr},
                {"signer", result.signer},
                {"signing_time", result.signingTime.empty() ? "" : IsoTime(result.signingTime)},
                {"sub_filter", result.subFilter},
                {"signed_bytes", result.signedBytes},
                {"file_bytes", result.fileBytes},
                {"problems", result.problems},
            };
            std::cout << out.dump(2) << "\n";
        } else {
            std::cout << arguments->file << ": " << (valid ? "VALID" : "INVALID") << "\n";
            if (result.signatureFound) {
                std::cout << "  signer:       " << result.signer << "\n"
                          << "  signing time: " << IsoTime(result.signingTime) << "\n"
                          << "  type:         " << result.subFilter << "\n"
                          << "  signed bytes: " << result.signedBytes << " of " << result.fileBytes
                          << "\n"
                          << "  digest:       " << (result.digestMatches ? "matches" : "MISMATCH")
                          << "\n"
                          << "  signature:    " << (result.signatureValid ? "valid" : "INVALID")
                          << "\n"
                          << "  whole file:   "
                          << (result.coversWholeFile ? "yes" : "NO, changed after signing") << "\n"
                          << "  certificate:  "
                          << (!result.trustChecked        ? "not checked (no --ca)"
                              : result.certificateTrusted ? "trusted"
                                                          : "NOT trusted")
                          << "\n";
            }
            for (const auto& problem : result.problems)
                std::cout << "  problem: " << problem << "\n";
        }
        common.exitStatus = valid ? kExitProcessed : kExitCaseFailed;
    });
}

}  // namespace dossier
