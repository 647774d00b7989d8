// Self-signed or test-CA signing keys for demos and tests, labelled TEST in their subject.
#pragma once

#include <filesystem>
#include <string>

namespace dossier {

struct TestKeyOptions {
    /// Issue the signing certificate from a generated test CA (needed for "trusted" checks)
    /// (default: true)
    bool withCa = true;
    /// "rsa" (3072 bits) or "ec" (P-256) (default: rsa)
    std::string keyType = "rsa";
    /// Validity in days from now (default: 365)
    int days = 365;
    /// Common name of the signing certificate; "TEST" is always part of it (default: "dossier TEST
    /// signing key")
    std::string commonName = "dossier TEST signing key";
};

/// PEM texts and a PKCS#12 (AES-256, PBKDF2) of a freshly generated test key.
struct TestKey {
    std::string caCertificatePem;  ///< empty when self-signed
    std::string certificatePem;    ///< the signer's certificate, then the CA's
    std::string privateKeyPem;     ///< unencrypted PKCS#8
    std::string p12;               ///< key, certificate and CA in one file
    std::string password;          ///< of the PKCS#12, random
};

/// Generates a test key. Throws Error(Signing) when OpenSSL fails.
TestKey MakeTestKey(const TestKeyOptions& options = {});

/// Writes signer.p12, signer.pass, signer.crt, signer.key (and ca.crt) into `dir`, secrets with
/// mode 0600. Throws Error(Io).
void WriteTestKey(const TestKey& key, const std::filesystem::path& dir);

}  // namespace dossier
