import QRCode from "qrcode";

/**
 * A QR code as one SVG path (one unit square per dark module) and its size, drawn by the page
 * itself: no image service sees the secret, and no inline markup or data: URL is needed.
 */
export async function qrCodePath(text: string): Promise<{ size: number; path: string }> {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const { size, data } = qr.modules;
  let path = "";
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (data[y * size + x]) path += `M${x} ${y}h1v1h-1z`;
  return { size, path };
}
