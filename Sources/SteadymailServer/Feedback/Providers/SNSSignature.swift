import Crypto
import CryptoExtras
import Foundation
import SteadymailDomain

/// Checks an SNS message's signature with an RSA public key, as AWS documents it: PKCS#1 v1.5 over the message's
/// canonical text, with SHA-1 for `SignatureVersion` 1 and SHA-256 for 2.
///
/// It exists so that the algorithm follows the version the message names and nothing else: SHA-1 is used only because
/// SNS still signs version 1 messages with it.
enum SNSSignature {
    static func isValid(_ envelope: SNSEnvelope, key: _RSA.Signing.PublicKey) -> Bool {
        let signature = _RSA.Signing.RSASignature(rawRepresentation: envelope.signature)
        let text = Data(envelope.stringToSign.utf8)
        switch envelope.signatureVersion {
        case .sha1:
            return key.isValidSignature(signature, for: Insecure.SHA1.hash(data: text), padding: .insecurePKCS1v1_5)
        case .sha256:
            return key.isValidSignature(signature, for: SHA256.hash(data: text), padding: .insecurePKCS1v1_5)
        }
    }
}
