import type { Page } from "playwright-core";

/** A real JPEG drawn by the browser's canvas: a pair of jeans on a light background. */
export async function drawJpeg(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 480;
    canvas.height = 600;
    const g = canvas.getContext("2d") as CanvasRenderingContext2D;
    g.fillStyle = "#eef2f5";
    g.fillRect(0, 0, 480, 600);
    g.fillStyle = "#2f4f7f";
    g.beginPath();
    g.moveTo(140, 80);
    g.lineTo(340, 80);
    g.lineTo(370, 540);
    g.lineTo(270, 540);
    g.lineTo(240, 220);
    g.lineTo(210, 540);
    g.lineTo(110, 540);
    g.closePath();
    g.fill();
    g.fillStyle = "#c9a227";
    g.fillRect(140, 80, 200, 18);
    return canvas.toDataURL("image/jpeg", 0.9);
  });
  return Buffer.from(dataUrl.split(",")[1] ?? "", "base64");
}
