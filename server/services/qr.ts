import QRCode from 'qrcode';

/**
 * A QR code as an SVG data URL, to put straight into an <img> (the CSP admits data: images).
 * Error correction M and a two-module margin, like every code Yishi prints or shows.
 */
export const qrDataUrl = async (text: string): Promise<string> => {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
};
