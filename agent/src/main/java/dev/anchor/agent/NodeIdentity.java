package dev.anchor.agent;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.agent.NodeIds;
import dev.anchor.receipt.ReceiptSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A node's Ed25519 key pair, made at first start and kept in {@code node.key} (the 32-byte private
 * seed, base64, mode 0600) in the data directory. The node id is the public key's fingerprint.
 */
public final class NodeIdentity {
    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;

    private NodeIdentity(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = requireNonNull(privateKey, "privateKey is null");
        this.publicKey = privateKey.generatePublicKey();
    }

    public static NodeIdentity loadOrCreate(Path dataDirectory) {
        Path file = dataDirectory.resolve("node.key");
        try {
            if (Files.exists(file)) {
                byte[] seed = Base64.getDecoder().decode(Files.readString(file).trim());
                return new NodeIdentity(new Ed25519PrivateKeyParameters(seed, 0));
            }
            Files.createDirectories(dataDirectory);
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
            Path temporary = Files.createTempFile(dataDirectory, ".node", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system.
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key.getEncoded()));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return new NodeIdentity(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the node key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the node key " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    public String nodeId() {
        return NodeIds.fingerprint(publicKey.getEncoded());
    }

    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** Signs this node's attempt receipts with its key; timestamps come from {@code clock}. */
    public ReceiptSigner receiptSigner(Clock clock) {
        return new ReceiptSigner(privateKey, clock);
    }

    public String signBase64(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return Base64.getEncoder().encodeToString(signer.generateSignature());
    }
}
