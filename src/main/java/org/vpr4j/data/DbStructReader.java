package org.vpr4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.vpr4j.VprException;

/**
 * Reads a NetVLAD dataset specification ({@code dbStruct}) from a .mat file.
 *
 * <p>Both MATLAB formats are read: level 5 (v6/v7, what the published {@code netvlad_v100_datasets}
 * and {@code scipy.io.savemat} write), through mfl-core, and v7.3 (HDF5, what {@code save -v7.3}
 * writes), through jhdf. Fields are found by name with a fallback to position, UTM may be 2 x N or
 * N x 2, cells N x 1 or 1 x N; anything else is a {@link VprException} naming the file and field.
 */
public final class DbStructReader {
  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final int MAT5_HEADER_SIZE = 128;
  /** MATLAB puts a 512-byte header in front of the HDF5 data of a v7.3 file. */
  private static final int MAT73_USER_BLOCK = 512;

  private DbStructReader() {}

  public static DbStruct read(Path matFile) {
    if (!Files.isRegularFile(matFile)) {
      throw new VprException(matFile + ": no such .mat file");
    }
    Format format = sniff(matFile);
    try {
      MatStruct struct = format == Format.MAT73 ? Mat73StructLoader.load(matFile) : Mat5StructLoader.load(matFile);
      return DbStructDecoder.decode(matFile, struct);
    } catch (VprException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new VprException(matFile + ": cannot read this " + format.description
          + " .mat file; it is truncated or corrupt (" + e.getMessage() + ")", e);
    }
  }

  private enum Format {
    MAT5("MATLAB level-5"),
    MAT73("MATLAB v7.3 (HDF5)");

    final String description;

    Format(String description) {
      this.description = description;
    }
  }

  private static Format sniff(Path file) {
    byte[] head = new byte[MAT73_USER_BLOCK + HDF5_SIGNATURE.length];
    int length;
    try (InputStream in = Files.newInputStream(file)) {
      length = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new VprException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (startsWith(head, length, 0, HDF5_SIGNATURE) || startsWith(head, length, MAT73_USER_BLOCK, HDF5_SIGNATURE)) {
      return Format.MAT73;
    }
    String text = new String(head, 0, Math.min(length, 116), StandardCharsets.ISO_8859_1);
    if (text.startsWith("MATLAB 7.3")) {
      throw new VprException(file + ": the header says MATLAB v7.3, but no HDF5 data follows; the file is truncated");
    }
    if (length < MAT5_HEADER_SIZE) {
      throw new VprException(file + ": only " + length + " bytes, too short for a .mat file; it is truncated");
    }
    boolean endianMark = head[126] == 'I' && head[127] == 'M' || head[126] == 'M' && head[127] == 'I';
    if (!endianMark) {
      throw new VprException(file + ": not a MATLAB level-5 or v7.3 .mat file"
          + " (a MATLAB v4 file must be re-saved with save -v7)");
    }
    return Format.MAT5;
  }

  private static boolean startsWith(byte[] data, int length, int offset, byte[] prefix) {
    return length >= offset + prefix.length
        && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
  }
}
