// Signing the case file: keys from PKCS#12 or PEM, CMS detached (CAdES) as an incremental update.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace dossier {

/// A rectangle on a page, in points from the lower-left corner.
struct PdfBox {
    double x = 0, y = 0, width = 0, height = 0;
};

/// Where the cover of the case file draws its signature block; the signature widget goes on top.
inline constexpr PdfBox kCoverSignatureBox{40, 40, 515.276, 58};

struct SigningOptions {
    /// PKCS#12 file with the key, its certificate and the chain; legacy RC2 files work (default:
    /// none)
    std::string p12File;
    /// File whose first line is the PKCS#12 or PEM-key password; when empty the environment
    /// variable DOSSIER_SIGN_PASS is used; never a command-line argument (default: none)
    std::string passwordFile;
    /// PEM file with the signer certificate first and its chain after it, instead of PKCS#12
    /// (default: none)
    std::string certFile;
    /// PEM private key (RSA or EC, optionally encrypted) that goes with certFile (default: none)
    std::string keyFile;
    /// Reason written into the signature dictionary (default: "dossier case file")
    std::string reason = "dossier case file / іс қағазы / дело";
    /// Location written into the signature dictionary (default: "Astana, KZ")
    std::string location = "Astana, KZ";
    /// "ETSI.CAdES.detached" (PAdES, signing-certificate-v2) or "adbe.pkcs7.detached" (default:
    /// ETSI.CAdES.detached)
    std::string subFilter = "ETSI.CAdES.detached";
    /// Visible signature widget on the first page; zero width or height makes it invisible
    /// (default: kCoverSignatureBox, the cover's signature block)
    PdfBox box = kCoverSignatureBox;
    /// Bytes reserved for the CMS structure (doubled as hex in the file) (default: 16384)
    std::size_t reservedBytes = 16384;
};

/// A loaded signing key with its certificate and chain (leaf excluded). Copies share the keys.
struct SigningKey {
    std::shared_ptr<EVP_PKEY> key;
    std::shared_ptr<X509> certificate;
    std::vector<std::shared_ptr<X509>> chain;

    /// Subject common name of the certificate (UTF-8), or the whole subject when it has no CN.
    std::string SignerName() const;
    /// True when the certificate's subject says TEST (as `dossier keygen` makes them).
    bool IsTestKey() const;
};

/// Loads the key named by `options` (p12File, else certFile + keyFile). The password is read from
/// passwordFile or DOSSIER_SIGN_PASS and never logged. Throws Error(Signing) when the files are
/// missing, the password is wrong, or the key does not match the certificate.
SigningKey LoadSigningKey(const SigningOptions& options);

/// Signs `pdf` as an incremental update: CMS detached SHA-256 over the ByteRange, the chain
/// included, CAdES signing-certificate-v2 for ETSI.CAdES.detached. Returns the signed bytes.
/// Throws Error(Signing) or Error(Pdf).
std::string SignPdf(const std::string& pdf, const SigningKey& key,
                    const SigningOptions& options = {});

}  // namespace dossier
