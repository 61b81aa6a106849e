package dev.anchor.runtime.container;

/** What the pull call needs to know about an image reference. */
final class ImageReference {

    private ImageReference() {}

    /**
     * Whether the reference names a tag or digest; without one the engine would pull every tag of
     * the repository, so the runtime asks for {@code latest}, as the docker CLI does.
     */
    static boolean hasTagOrDigest(String reference) {
        if (reference.contains("@")) return true;
        // A ':' before the last '/' is a registry port (localhost:5000/x), not a tag.
        return reference.substring(reference.lastIndexOf('/') + 1).contains(":");
    }
}
