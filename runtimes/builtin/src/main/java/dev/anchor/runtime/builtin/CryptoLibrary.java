package dev.anchor.runtime.builtin;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The {@code crypto} library: digests, Ed25519 signatures and AES-GCM over the task's input.
 * Digests and signatures come out as text (hex, base64) so that they read well in a task's result;
 * ciphertexts and plaintexts are raw bytes.
 */
final class CryptoLibrary {

    static final String NAME = "crypto";
    private static final int GCM_TAG_BITS = 128;

    private CryptoLibrary() {}

    static List<BuiltinMethod> methods() {
        return List.of(
                method("sha256", ParamSchema.describing("SHA-256 of the input, as lower-case hex"),
                        call -> digest(call, jdkDigest("SHA-256", call.input()))),
                method("sha512", ParamSchema.describing("SHA-512 of the input, as lower-case hex"),
                        call -> digest(call, jdkDigest("SHA-512", call.input()))),
                method("blake3", ParamSchema.describing("BLAKE3 (32-byte output) of the input, as lower-case hex"),
                        call -> digest(call, blake3(call.input()))),
                method("ed25519_sign", ParamSchema.describing("Ed25519 signature (RFC 8032) of the input, as base64")
                        .base64("privateKey", "the 32-byte private key (seed), base64"),
                        CryptoLibrary::sign),
                method("ed25519_verify", ParamSchema.describing(
                                "Whether signature is a valid Ed25519 signature of the input by publicKey: true or false."
                                        + " Strict: non-canonical encodings of the signature's scalar or points are rejected")
                        .base64("publicKey", "the 32-byte public key, base64")
                        .base64("signature", "the 64-byte signature, base64"),
                        CryptoLibrary::verify),
                method("aes_gcm_encrypt", ParamSchema.describing(
                                "AES-GCM encryption of the input; the output is the ciphertext followed by the 16-byte tag")
                        .base64("key", "the AES key: 16, 24 or 32 bytes, base64")
                        .base64("nonce", "the 12-byte nonce, base64; never reuse one with the same key")
                        .optionalBase64("aad", "additional authenticated data, base64; absent means none"),
                        call -> aesGcm(call, Cipher.ENCRYPT_MODE)),
                method("aes_gcm_decrypt", ParamSchema.describing(
                                "AES-GCM decryption of the input (ciphertext followed by the 16-byte tag) into the plaintext;"
                                        + " fails with 'authentication failed' when the tag does not match")
                        .base64("key", "the AES key: 16, 24 or 32 bytes, base64")
                        .base64("nonce", "the 12-byte nonce, base64")
                        .optionalBase64("aad", "additional authenticated data, base64; absent means none"),
                        call -> aesGcm(call, Cipher.DECRYPT_MODE)));
    }

    private static BuiltinMethod method(String name, ParamSchema schema, BuiltinMethod.Operation operation) {
        return new BuiltinMethod(NAME, name, schema.build(), operation);
    }

    private static MethodOutput digest(Invocation call, byte[] digest) {
        return MethodOutput.of(call.input(), HexFormat.of().formatHex(digest).getBytes(US_ASCII));
    }

    private static byte[] jdkDigest(String algorithm, byte[] input) throws GeneralSecurityException {
        return MessageDigest.getInstance(algorithm).digest(input);
    }

    private static byte[] blake3(byte[] input) {
        var digest = new Blake3Digest();
        digest.update(input, 0, input.length);
        var out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    private static MethodOutput sign(Invocation call) {
        var privateKey = call.params().base64("privateKey", Ed25519.SECRET_KEY_SIZE);
        var signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, call.input(), 0, call.input().length, signature, 0);
        return MethodOutput.of(call.input(), Base64.getEncoder().encode(signature));
    }

    private static MethodOutput verify(Invocation call) {
        var publicKey = call.params().base64("publicKey", Ed25519.PUBLIC_KEY_SIZE);
        var signature = call.params().base64("signature", Ed25519.SIGNATURE_SIZE);
        // BouncyCastle's verify rejects a scalar s >= L and non-canonical point encodings, and
        // answers false (never throws) for a public key that is not a point on the curve.
        var valid = Ed25519.verify(signature, 0, publicKey, 0, call.input(), 0, call.input().length);
        return new MethodOutput(Boolean.toString(valid).getBytes(US_ASCII),
                call.input().length + " bytes → " + (valid ? "valid" : "invalid"), 0);
    }

    private static MethodOutput aesGcm(Invocation call, int mode) throws GeneralSecurityException {
        var key = call.params().base64("key", 16, 24, 32);
        var nonce = call.params().base64("nonce", 12);
        var aad = call.params().optionalBase64("aad");
        var cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(GCM_TAG_BITS, nonce));
        aad.ifPresent(cipher::updateAAD);
        if (mode == Cipher.DECRYPT_MODE && call.input().length < GCM_TAG_BITS / 8) {
            throw new MethodFailure("authentication failed: input of " + call.input().length
                    + " bytes is shorter than the 16-byte tag");
        }
        try {
            return MethodOutput.of(call.input(), cipher.doFinal(call.input()));
        } catch (AEADBadTagException e) {
            throw new MethodFailure("authentication failed");
        }
    }
}
