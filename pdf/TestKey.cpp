// Generates test signing keys (self-signed or under a test CA) with OpenSSL 3.
#include "pdf/TestKey.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

#include "core/Error.h"

namespace dossier {

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

[[noreturn]] void Fail(const std::string& what) {
    char buffer[256] = "unknown";
    if (unsigned long code = ERR_get_error()) ERR_error_string_n(code, buffer, sizeof buffer);
    ERR_clear_error();
    throw Error(ErrorCode::Signing, what + " (" + buffer + ")");
}

Key NewKey(const std::string& type) {
    EVP_PKEY* key = type == "ec" ? EVP_EC_gen("P-256") : EVP_RSA_gen(3072);
    if (!key) Fail("cannot generate a " + type + " key");
    return Key(key, EVP_PKEY_free);
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!extension || !X509_add_ext(cert, extension, -1))
        Fail("cannot add a certificate extension");
    X509_EXTENSION_free(extension);
}

Cert NewCertificate(EVP_PKEY* key, const std::string& commonName, X509* issuer, EVP_PKEY* issuerKey,
                    bool ca, int days) {
    Cert cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7F;
    BIGNUM* number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert.get()));
    BN_free(number);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(days) * 86400);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("KZ"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("dossier TEST"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1,
                               0);
    X509* signer = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    AddExtension(cert.get(), signer, NID_basic_constraints,
                 ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    AddExtension(cert.get(), signer, NID_key_usage,
                 ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation");
    AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (issuer) AddExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    if (!X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()))
        Fail("cannot sign the certificate");
    return cert;
}

std::string Pem(X509* cert) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(bio.get(), cert);
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(length));
}

void WriteFile(const std::filesystem::path& path, const std::string& bytes, mode_t mode) {
    // Created with the final mode, so a secret is never readable by others, not even briefly.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) throw Error(ErrorCode::Io, "cannot write " + path.string());
    ::fchmod(fd, mode);
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            ::close(fd);
            throw Error(ErrorCode::Io, "cannot write " + path.string());
        }
        done += size_t(n);
    }
    ::close(fd);
}

}  // namespace

TestKey MakeTestKey(const TestKeyOptions& options) {
    TestKey result;
    std::string commonName = options.commonName;
    if (commonName.find("TEST") == std::string::npos) commonName += " (TEST)";
    Key key = NewKey(options.keyType);
    Key caKey(nullptr, EVP_PKEY_free);
    Cert ca(nullptr, X509_free);
    if (options.withCa) {
        caKey = NewKey(options.keyType);
        ca = NewCertificate(caKey.get(), "dossier TEST CA", nullptr, nullptr, true,
                            options.days + 1);
        result.caCertificatePem = Pem(ca.get());
    }
    Cert cert = NewCertificate(key.get(), commonName, ca.get(), caKey.get(), false, options.days);
    result.certificatePem = Pem(cert.get()) + result.caCertificatePem;

    std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long length = BIO_get_mem_data(keyBio.get(), &data);
    result.privateKeyPem.assign(data, size_t(length));

    unsigned char random[18];
    RAND_bytes(random, sizeof random);
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    for (unsigned char byte : random) result.password += alphabet[byte % (sizeof alphabet - 1)];

    STACK_OF(X509)* chain = sk_X509_new_null();
    if (ca) sk_X509_push(chain, ca.get());
    // NID 0 = OpenSSL 3's defaults: AES-256-CBC with PBKDF2 and a SHA-256 MAC.
    PKCS12* p12 = PKCS12_create(result.password.c_str(), "dossier TEST signing key", key.get(),
                                cert.get(), chain, 0, 0, 0, 0, 0);
    sk_X509_free(chain);
    if (!p12) Fail("cannot build the PKCS#12 file");
    unsigned char* der = nullptr;
    int derLength = i2d_PKCS12(p12, &der);
    PKCS12_free(p12);
    if (derLength <= 0) Fail("cannot encode the PKCS#12 file");
    result.p12.assign(reinterpret_cast<char*>(der), size_t(derLength));
    OPENSSL_free(der);
    return result;
}

void WriteTestKey(const TestKey& key, const std::filesystem::path& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) throw Error(ErrorCode::Io, "cannot create " + dir.string());
    WriteFile(dir / "signer.p12", key.p12, 0600);
    WriteFile(dir / "signer.pass", key.password + "\n", 0600);
    WriteFile(dir / "signer.key", key.privateKeyPem, 0600);
    WriteFile(dir / "signer.crt", key.certificatePem, 0644);
    if (!key.caCertificatePem.empty()) WriteFile(dir / "ca.crt", key.caCertificatePem, 0644);
}

}  // namespace dossier
