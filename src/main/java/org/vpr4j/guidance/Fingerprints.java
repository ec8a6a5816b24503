package org.vpr4j.guidance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 digests that tell whether cached guidance still matches its inputs. */
final class Fingerprints {
  private final MessageDigest digest;

  Fingerprints() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  Fingerprints text(String s) {
    digest.update(s.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    return this;
  }

  /** Adds each file's path, size and modification time (cheap: no content is read). */
  Fingerprints files(List<Path> files) {
    for (Path f : files) {
      text(f.toAbsolutePath().normalize().toString());
      try {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        text(a.size() + "@" + a.lastModifiedTime().toMillis());
      } catch (IOException e) {
        text("missing");
      }
    }
    return this;
  }

  /** Adds a file's whole content (for a model, whose weights decide everything). */
  Fingerprints content(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return this;
  }

  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
