// Signing and verification, cross-checked with poppler's pdfsig (NSS), qpdf and the openssl CLI.
#include "pdf/Signer.h"

#include <gtest/gtest.h>
#include <podofo/podofo.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "SyntheticCase.h"
#include "core/Error.h"
#include "pdf/CaseFile.h"
#include "pdf/TestKey.h"
#include "pdf/Verify.h"

namespace dossier {
namespace {

using namespace dossier::testing;

class SignerTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new std::string(WorkDir("signer"));
        // EC keys keep the per-test set-up short (ctest runs every test in its own process);
        // RSA is covered by Pkcs7SubFilterAndRsaSelfSignedKey.
        TestKeyOptions keyOptions;
        keyOptions.keyType = "ec";
        TestKey key = MakeTestKey(keyOptions);
        WriteTestKey(key, *dir_ + "/keys");
        options_ = new SigningOptions();
        options_->p12File = *dir_ + "/keys/signer.p12";
        options_->passwordFile = *dir_ + "/keys/signer.pass";
        key_ = new SigningKey(LoadSigningKey(*options_));
        CaseFileOptions caseOptions;
        caseOptions.signerName = key_->SignerName();
        caseOptions.testKey = key_->IsTestKey();
        unsigned_ = new std::string(BuildCaseFile(MakeCase(), caseOptions));
        signed_ = new std::string(SignPdf(*unsigned_, *key_, *options_));
        WriteBytes(*dir_ + "/signed.pdf", *signed_);
        // An NSS database that trusts the test CA, for pdfsig's "Certificate is Trusted."
        std::filesystem::create_directories(*dir_ + "/nssdb");
        RunTool("certutil -N -d 'sql:" + *dir_ +
                "/nssdb' --empty-password 2>&1 && certutil -A -d 'sql:" + *dir_ +
                "/nssdb' -n dossier-test-ca -t CT,C,C -i '" + *dir_ + "/keys/ca.crt' 2>&1");
    }
    static void TearDownTestSuite() {
        delete dir_;
        delete options_;
        delete key_;
        delete unsigned_;
        delete signed_;
    }
    static std::string Pdfsig(const std::string& file) {
        return RunTool("pdfsig -nssdir 'sql:" + *dir_ + "/nssdb' '" + file + "' 2>&1");
    }
    static std::string* dir_;
    static SigningOptions* options_;
    static SigningKey* key_;
    static std::string* unsigned_;
    static std::string* signed_;
};
std::string* SignerTest::dir_ = nullptr;
SigningOptions* SignerTest::options_ = nullptr;
SigningKey* SignerTest::key_ = nullptr;
std::string* SignerTest::unsigned_ = nullptr;
std::string* SignerTest::signed_ = nullptr;

TEST_F(SignerTest, KeyIsLabelledTest) {
    EXPECT_TRUE(key_->IsTestKey());
    EXPECT_NE(key_->SignerName().find("TEST"), std::string::npos);
    EXPECT_EQ(key_->chain.size(), 1u);
    struct stat info {};
    ASSERT_EQ(stat((*dir_ + "/keys/signer.pass").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    ASSERT_EQ(stat((*dir_ + "/keys/signer.p12").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(SignerTest, IncrementalUpdateKeepsTheOriginalBytes) {
    ASSERT_GT(signed_->size(), unsigned_->size());
    EXPECT_EQ(signed_->compare(0, unsigned_->size(), *unsigned_), 0);
}

TEST_F(SignerTest, PdfsigSaysValidAndTrusted) {
    std::string out = Pdfsig(*dir_ + "/signed.pdf");
    EXPECT_NE(out.find("Signature Validation: Signature is Valid."), std::string::npos) << out;
    EXPECT_NE(out.find("Certificate Validation: Certificate is Trusted."), std::string::npos)
        << out;
    EXPECT_NE(out.find("Signature Type: ETSI.CAdES.detached"), std::string::npos) << out;
    EXPECT_NE(out.find("Signing Hash Algorithm: SHA-256"), std::string::npos) << out;
    EXPECT_NE(out.find("Total document signed"), std::string::npos) << out;
}

TEST_F(SignerTest, VerifyPdfAgrees) {
    VerifyOptions options;
    options.caFile = *dir_ + "/keys/ca.crt";
    VerifyResult result = VerifyPdf(*signed_, options);
    EXPECT_TRUE(result.Valid());
    EXPECT_TRUE(result.digestMatches);
    EXPECT_TRUE(result.signatureValid);
    EXPECT_TRUE(result.coversWholeFile);
    EXPECT_TRUE(result.certificateTrusted) << result.trustError;
    EXPECT_EQ(result.subFilter, "ETSI.CAdES.detached");
    EXPECT_EQ(result.signingTime.rfind("D:", 0), 0u);
    EXPECT_NE(result.signer.find("TEST"), std::string::npos);
    EXPECT_TRUE(result.problems.empty());
}

TEST_F(SignerTest, CadesCarriesSigningCertificateV2AndTheChain) {
    // Extract /Contents with the byte range and let the openssl CLI parse it.
    size_t at = signed_->rfind("/ByteRange");
    long long r[4];
    ASSERT_EQ(std::sscanf(signed_->c_str() + at, "/ByteRange [ %lld %lld %lld %lld", &r[0], &r[1],
                          &r[2], &r[3]),
              4);
    std::string hex = signed_->substr(size_t(r[1]) + 1, size_t(r[2] - r[1]) - 2);
    WriteBytes(*dir_ + "/contents.hex", hex);
    std::string out = RunTool("xxd -r -p '" + *dir_ +
                              "/contents.hex' | openssl cms -cmsout -print -inform DER 2>&1");
    EXPECT_NE(out.find("id-smime-aa-signingCertificateV2"), std::string::npos)
        << out.substr(0, 2000);
    EXPECT_NE(out.find("dossier TEST CA"), std::string::npos);
    EXPECT_NE(out.find("sha256"), std::string::npos);
}

TEST_F(SignerTest, QpdfCheckIsCleanAfterSigning) {
    int status = 0;
    std::string out = RunTool("qpdf --check '" + *dir_ + "/signed.pdf' 2>&1", &status);
    EXPECT_EQ(status, 0) << out;
    std::string info = RunTool("pdfinfo '" + *dir_ + "/signed.pdf'");
    EXPECT_NE(info.find("AcroForm"), std::string::npos) << info;
}

TEST_F(SignerTest, OneFlippedByteFailsPdfsigAndVerify) {
    std::string tampered = *signed_;
    size_t at = tampered.rfind("/ByteRange");
    long long r[4];
    ASSERT_EQ(std::sscanf(tampered.c_str() + at, "/ByteRange [ %lld %lld %lld %lld", &r[0], &r[1],
                          &r[2], &r[3]),
              4);
    const size_t position = size_t(r[1]) / 2;  // inside the first signed range, in page content
    tampered[position] = char(tampered[position] ^ 0x01);
    WriteBytes(*dir_ + "/tampered.pdf", tampered);
    std::string out = Pdfsig(*dir_ + "/tampered.pdf");
    EXPECT_EQ(out.find("Signature is Valid."), std::string::npos) << out;
    VerifyResult result = VerifyPdf(tampered, {*dir_ + "/keys/ca.crt"});
    EXPECT_FALSE(result.Valid());
    EXPECT_FALSE(result.digestMatches);
    EXPECT_FALSE(result.signatureValid);
}

TEST_F(SignerTest, AppendedUpdateIsCaught) {
    std::string appended = *signed_ + "\n9999 0 obj\n<< /Evil true >>\nendobj\n";
    VerifyResult result = VerifyPdf(appended, {});
    EXPECT_TRUE(result.signatureValid);
    EXPECT_TRUE(result.digestMatches);
    EXPECT_FALSE(result.coversWholeFile);
    EXPECT_FALSE(result.Valid());
    ASSERT_FALSE(result.problems.empty());
    EXPECT_NE(result.problems.front().find("after signing"), std::string::npos);
}

/// `pdf` with an incremental update, written by PoDoFo, that adds a signature dictionary no field
/// points at: a /ByteRange after the real one in the file that signs nothing.
std::string WithDecoySignatureUpdate(const std::string& pdf) {
    using namespace PoDoFo;
    PdfMemDocument document;
    document.LoadFromBuffer(pdf.data(), long(pdf.size()), true);
    PdfObject* decoy = document.GetObjects().CreateObject("Sig");
    PdfArray range;
    for (pdf_int64 offset : {0, 10, 20, 30}) range.push_back(PdfObject(offset));
    decoy->GetDictionary().AddKey("ByteRange", range);
    decoy->GetDictionary().AddKey("Contents", PdfString("decoy", 5, true));
    decoy->GetDictionary().AddKey("SubFilter", PdfName("adbe.pkcs7.detached"));
    PdfRefCountedBuffer buffer(pdf.size() + 4096);
    PdfOutputDevice device(&buffer);
    device.Write(pdf.data(), pdf.size());
    document.WriteUpdate(&device, false);
    return std::string(buffer.GetBuffer(), device.GetLength());
}

TEST_F(SignerTest, DecoyByteRangeInALaterUpdateIsNotTheSignature) {
    const std::string decoyed = WithDecoySignatureUpdate(*signed_);
    ASSERT_GT(decoyed.rfind("/ByteRange"), signed_->size());
    VerifyResult result = VerifyPdf(decoyed, {*dir_ + "/keys/ca.crt"});
    // The field's signature is the one verified: still valid over what it signed, but the
    // update after it is reported, and the decoy's SubFilter is not taken for the signature's.
    EXPECT_TRUE(result.signatureFound);
    EXPECT_TRUE(result.digestMatches);
    EXPECT_TRUE(result.signatureValid);
    EXPECT_TRUE(result.certificateTrusted) << result.trustError;
    EXPECT_EQ(result.subFilter, "ETSI.CAdES.detached");
    EXPECT_EQ(result.signedBytes, VerifyPdf(*signed_, {}).signedBytes);
    EXPECT_FALSE(result.coversWholeFile);
    EXPECT_FALSE(result.Valid());
    ASSERT_FALSE(result.problems.empty());
    EXPECT_NE(result.problems.front().find("after signing"), std::string::npos);
}

TEST_F(SignerTest, FileWithoutPdfHeaderIsRefusedAsUnreadable) {
    // Signature bytes inside something that is not a PDF: refused with the reason, before any
    // byte range is believed.
    std::string broken = *signed_;
    broken.replace(0, 5, "%XYZ-");
    VerifyResult result = VerifyPdf(broken, {});
    EXPECT_FALSE(result.Valid());
    EXPECT_FALSE(result.signatureFound);
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_NE(result.problems.front().find("not a readable PDF"), std::string::npos)
        << result.problems.front();
}

TEST_F(SignerTest, UnsignedFileIsNotValid) {
    VerifyResult result = VerifyPdf(*unsigned_, {});
    EXPECT_FALSE(result.signatureFound);
    EXPECT_FALSE(result.Valid());
    EXPECT_FALSE(VerifyPdf("not a pdf", {}).Valid());
}

TEST_F(SignerTest, WrongCaIsNotTrusted) {
    TestKey other = MakeTestKey({true, "ec", 30, "other TEST"});
    WriteBytes(*dir_ + "/other-ca.crt", other.caCertificatePem);
    VerifyResult result = VerifyPdf(*signed_, {*dir_ + "/other-ca.crt"});
    EXPECT_TRUE(result.signatureValid);
    EXPECT_FALSE(result.certificateTrusted);
    EXPECT_FALSE(result.Valid());
}

TEST_F(SignerTest, Pkcs7SubFilterAndRsaSelfSignedKey) {
    const std::string dir = *dir_ + "/rsa";
    WriteTestKey(MakeTestKey({false, "rsa", 30, "dossier TEST rsa"}), dir);
    SigningOptions options;
    options.certFile = dir + "/signer.crt";
    options.keyFile = dir + "/signer.key";
    options.subFilter = "adbe.pkcs7.detached";
    SigningKey key = LoadSigningKey(options);
    EXPECT_TRUE(key.chain.empty());
    WriteBytes(dir + "/signed.pdf", SignPdf(*unsigned_, key, options));
    std::string out = Pdfsig(dir + "/signed.pdf");
    EXPECT_NE(out.find("Signature is Valid."), std::string::npos) << out;
    EXPECT_NE(out.find("Signature Type: adbe.pkcs7.detached"), std::string::npos) << out;
    VerifyResult result = VerifyPdf(ReadBytes(dir + "/signed.pdf"), {});
    EXPECT_TRUE(result.Valid());
    EXPECT_EQ(result.subFilter, "adbe.pkcs7.detached");
}

TEST_F(SignerTest, LegacyRc2Pkcs12WithPasswordFromEnvironment) {
    const std::string legacy = *dir_ + "/legacy.p12";
    int status = 0;
    std::string out = RunTool(
        "openssl pkcs12 -export -legacy -in '" + *dir_ + "/keys/signer.crt' -inkey '" + *dir_ +
            "/keys/signer.key' -out '" + legacy + "' -passout pass:legacy-secret 2>&1",
        &status);
    ASSERT_EQ(status, 0) << out;
    ASSERT_NE(RunTool("openssl pkcs12 -info -in '" + legacy +
                      "' -noout -passin pass:legacy-secret -legacy 2>&1")
                  .find("RC2"),
              std::string::npos);
    SigningOptions options;
    options.p12File = legacy;
    setenv("DOSSIER_SIGN_PASS", "legacy-secret", 1);
    SigningKey key = LoadSigningKey(options);
    EXPECT_EQ(key.SignerName(), key_->SignerName());
    VerifyResult result = VerifyPdf(SignPdf(*unsigned_, key, options), {*dir_ + "/keys/ca.crt"});
    EXPECT_TRUE(result.Valid()) << (result.problems.empty() ? "" : result.problems.front());

    setenv("DOSSIER_SIGN_PASS", "wrong", 1);
    EXPECT_THROW(LoadSigningKey(options), Error);
    unsetenv("DOSSIER_SIGN_PASS");
}

TEST(SignerErrors, MissingOrMismatchedKeysThrow) {
    EXPECT_THROW(LoadSigningKey({}), Error);
    const std::string dir = WorkDir("signer-errors");
    WriteTestKey(MakeTestKey({false, "ec", 30, "a TEST"}), dir + "/a");
    WriteTestKey(MakeTestKey({false, "ec", 30, "b TEST"}), dir + "/b");
    SigningOptions options;
    options.certFile = dir + "/a/signer.crt";
    options.keyFile = dir + "/b/signer.key";
    EXPECT_THROW(LoadSigningKey(options), Error);
    options.keyFile = dir + "/missing.key";
    EXPECT_THROW(LoadSigningKey(options), Error);
}

}  // namespace
}  // namespace dossier
