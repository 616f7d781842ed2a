import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws the plugin's logos (logo_small.gif 16x16, logo_large.gif 32x32): a green presence disc
 * with a white ring, on a transparent background. Writes plain GIF89a with "uncompressed" LZW
 * (a clear code before the code table could grow), so no compressor is needed.
 * Usage: java java-shim/tools/LogoGif.java OUTPUT_DIRECTORY
 */
public final class LogoGif {
    private static final int[] PALETTE = {0xFFFFFF, 0x1E7B2E, 0x34B04A, 0xFFFFFF}; // 0 is transparent
    private static final int MIN_CODE_SIZE = 2;                                    // 4 colours

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args.length > 0 ? args[0] : ".");
        Files.write(directory.resolve("logo_small.gif"), gif(16, draw(16)));
        Files.write(directory.resolve("logo_large.gif"), gif(32, draw(32)));
    }

    /** Palette index per pixel: outline, fill, a white ring at half the radius. */
    static byte[] draw(int size) {
        byte[] pixels = new byte[size * size];
        double centre = (size - 1) / 2.0;
        double radius = size / 2.0 - 0.5;
        double line = size / 16.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double distance = Math.hypot(x - centre, y - centre);
                int colour = 0;
                if (distance <= radius) {
                    colour = distance > radius - line ? 1 : 2;
                    if (Math.abs(distance - radius * 0.5) < line * 0.75) {
                        colour = 3;
                    }
                }
                pixels[y * size + x] = (byte) colour;
            }
        }
        return pixels;
    }

    /** A complete GIF89a file for a square image. */
    static byte[] gif(int size, byte[] pixels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        short16(out, size);
        short16(out, size);
        out.write(0x80 | (MIN_CODE_SIZE - 1));     // global colour table of 2^MIN_CODE_SIZE entries
        out.write(0);                              // background colour index
        out.write(0);                              // no aspect ratio
        for (int rgb : PALETTE) {
            out.write(rgb >> 16);
            out.write((rgb >> 8) & 0xFF);
            out.write(rgb & 0xFF);
        }
        out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 1, 0, 0, 0, 0}); // transparency: index 0
        out.write(0x2C);                           // image descriptor
        short16(out, 0);
        short16(out, 0);
        short16(out, size);
        short16(out, size);
        out.write(0);
        out.write(MIN_CODE_SIZE);
        byte[] data = lzwUncompressed(pixels);
        for (int offset = 0; offset < data.length; offset += 255) {
            int length = Math.min(255, data.length - offset);
            out.write(length);
            out.write(data, offset, length);
        }
        out.write(0);                              // end of image data
        out.write(0x3B);                           // trailer
        return out.toByteArray();
    }

    /** LZW codes of width MIN_CODE_SIZE+1: a clear code, then literals, before the table could grow. */
    static byte[] lzwUncompressed(byte[] pixels) {
        int clear = 1 << MIN_CODE_SIZE;
        int width = MIN_CODE_SIZE + 1;
        int literalsPerClear = clear - 2;
        BitWriter bits = new BitWriter();
        for (int i = 0; i < pixels.length; i++) {
            if (i % literalsPerClear == 0) {
                bits.write(clear, width);
            }
            bits.write(pixels[i], width);
        }
        bits.write(clear + 1, width);              // end of information
        return bits.finish();
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write(value >> 8);
    }

    /** Least-significant-bit-first packing, as GIF wants. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int buffer;
        private int count;

        void write(int code, int width) {
            buffer |= code << count;
            count += width;
            while (count >= 8) {
                out.write(buffer & 0xFF);
                buffer >>>= 8;
                count -= 8;
            }
        }

        byte[] finish() {
            if (count > 0) {
                out.write(buffer & 0xFF);
            }
            return out.toByteArray();
        }
    }
}
