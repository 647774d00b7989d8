// Checking a signed case file: the digest over its byte ranges, the CMS signature, the chain.
#pragma once

#include <string>
#include <vector>

namespace dossier {

struct VerifyOptions {
    /// PEM file of trusted CA certificates; empty checks the signature but not the trust (default:
    /// none)
    std::string caFile;
};

struct VerifyResult {
    bool signatureFound = false;
    /// SHA-256 over the ByteRange equals the signed messageDigest attribute
    bool digestMatches = false;
    /// The CMS SignerInfo verifies with the signer's public key
    bool signatureValid = false;
    /// The signature's byte ranges reach the end of the file: nothing was appended after signing
    bool coversWholeFile = false;
    /// The signer chains to a certificate of VerifyOptions::caFile (false when no CA was given)
    bool certificateTrusted = false;
    bool trustChecked = false;
    std::string trustError;     ///< why the chain did not verify, "" when it did
    std::string signer;         ///< subject of the signing certificate (RFC 2253, UTF-8)
    std::string signingTime;    ///< the /M entry of the signature dictionary ("D:...")
    std::string subFilter;      ///< "ETSI.CAdES.detached" or "adbe.pkcs7.detached"
    long long signedBytes = 0;  ///< bytes covered by the ByteRange (signature hex excluded)
    long long fileBytes = 0;
    std::vector<std::string> problems;  ///< one sentence per failed check

    /// Every check passed (trust only when a CA file was given).
    bool Valid() const {
        return signatureFound && digestMatches && signatureValid && coversWholeFile &&
               (!trustChecked || certificateTrusted);
    }
};

/// Verifies the last signature of `pdf`: of the signature dictionaries its signature fields point
/// at, the one whose ByteRange reaches furthest. Never throws for a bad, unreadable or unsigned
/// file (that is the result); throws Error(Io) when the CA file cannot be read.
VerifyResult VerifyPdf(const std::string& pdf, const VerifyOptions& options = {});

}  // namespace dossier
