// Types for svg-to-pdfkit 0.1 (the package ships none): draw an SVG string onto a pdfkit document.
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    assumePt?: boolean;
    fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
    warningCallback?: (message: string) => void;
  }
  const SVGtoPDF: (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SvgToPdfOptions) => void;
  export default SVGtoPDF;
}
