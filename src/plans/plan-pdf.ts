import fontkit from '@cantoo/fontkit';
import { PDFDocument, PDFFont, PDFImage, PDFPage, rgb } from '@cantoo/pdf-lib';

import { A4, DEJAVU_SANS, DEJAVU_SANS_BOLD } from '../common/pdf/fonts';
import { finishPages } from '../common/pdf/pages';

import type { PlanContent } from './plan-content';
import type { PlanTemplate } from './plan-template';

const MARGIN = 56;
const BODY = 10.5;
const LINE = 1.4;

export interface PlanPdfInput {
  readonly municipalityName: string;
  readonly pupilName: string;
  readonly period: string;
  /** "Utkast inför utvecklingssamtalet" or "Version 2, fastställd 2026-11-20". */
  readonly status: string;
  readonly registrationNumber: string | null;
  readonly template: PlanTemplate;
  readonly content: PlanContent;
}

export interface Writer {
  heading(text: string): void;
  subheading(text: string): void;
  paragraph(text: string, options?: { bold?: boolean; indent?: number }): void;
  space(points: number): void;
}

/**
 * The plan as a PDF for the development talk: every part, with the pupil's
 * self-assessment beside (after) the teachers' assessments, never merged.
 * Built from scratch each time (never by editing a PDF), with the fonts
 * embedded as subsets and no document metadata naming anyone.
 */
export async function renderPlanPdf(input: PlanPdfInput): Promise<Uint8Array> {
  const layout = await openPdfLayout();
  const { write } = layout;
  layout.title(input.municipalityName, 11);
  layout.title('Individuell utvecklingsplan (IUP)', 18);
  write.space(6);
  write.paragraph(`Elev: ${input.pupilName}`);
  write.paragraph(`Period: ${input.period}`);
  write.paragraph(input.status);
  if (input.registrationNumber) {
    write.paragraph(`Diarienummer: ${input.registrationNumber}`);
  }
  writeContent(write, input.template, input.content);
  return layout.finish();
}

/** A new PDF drawn top-down in the plan PDF's layout, page after page. */
export interface PdfLayout {
  readonly pdf: PDFDocument;
  readonly write: Writer;
  /** A bold line at the margin (the document's titles). */
  title(text: string, size: number): void;
  /** A label and an image under it, kept on one page. */
  image(label: string, image: PDFImage, width: number, height: number): void;
  /** "sida N av M" on every page, and the file's bytes. */
  finish(): Promise<Uint8Array>;
}

/**
 * The layout the plan PDF and the register extract share: A4, DejaVu Sans embedded as
 * subsets, no document metadata naming anyone; a heading is never the last line of a page
 * (it keeps room for what follows).
 */
export async function openPdfLayout(): Promise<PdfLayout> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const regular = await pdf.embedFont(DEJAVU_SANS, { subset: true });
  const bold = await pdf.embedFont(DEJAVU_SANS_BOLD, { subset: true });

  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const newPage = (): void => {
    page = pdf.addPage([A4.width, A4.height]);
    pages.push(page);
    y = A4.height - MARGIN;
  };
  const ensure = (height: number): void => {
    if (y - height < MARGIN + 20) {
      newPage();
    }
  };
  const drawLines = (text: string, font: PDFFont, size: number, indent = 0): void => {
    for (const line of wrap(text, font, size, A4.width - 2 * MARGIN - indent)) {
      ensure(size * LINE);
      y -= size * LINE;
      page.drawText(line, { x: MARGIN + indent, y, size, font, color: rgb(0.1, 0.1, 0.1) });
    }
  };
  const write: Writer = {
    heading: (text) => {
      ensure(80);
      y -= 10;
      drawLines(text, bold, 14);
      y -= 4;
    },
    subheading: (text) => {
      ensure(50);
      y -= 4;
      drawLines(text, bold, 11.5);
    },
    paragraph: (text, options = {}) =>
      drawLines(text, options.bold ? bold : regular, BODY, options.indent ?? 0),
    space: (points) => {
      y -= points;
    },
  };

  newPage();
  return {
    pdf,
    write,
    title: (text, size) => drawLines(text, bold, size),
    image: (label, image, width, height) => {
      ensure(height + 8 + BODY * LINE);
      write.paragraph(label);
      y -= height + 4;
      page.drawImage(image, { x: MARGIN, y, width, height });
      y -= 4;
    },
    finish: () => {
      finishPages(pages, regular, MARGIN);
      return pdf.save();
    },
  };
}

export function writeContent(write: Writer, template: PlanTemplate, content: PlanContent): void {
  const scale = new Map(template.scale.map((step) => [step.value, step.label]));
  const questions = new Map(
    template.selfAssessmentQuestions.map((question) => [question.id, question.text]),
  );

  write.heading('Skriftliga omdömen');
  const assessed = content.assessments.filter(
    (assessment) => assessment.text || assessment.scaleValue,
  );
  if (assessed.length === 0) {
    write.paragraph('Inga bedömningar ännu.');
  }
  for (const assessment of assessed) {
    write.subheading(assessment.subject);
    if (assessment.scaleValue) {
      write.paragraph(scale.get(assessment.scaleValue) ?? assessment.scaleValue, { bold: true });
    }
    if (assessment.text) {
      write.paragraph(assessment.text);
    }
  }

  write.heading('Elevens självskattning');
  const answered = content.selfAssessment.answers.filter((answer) => answer.answer);
  for (const answer of answered) {
    write.subheading(questions.get(answer.questionId) ?? answer.questionId);
    write.paragraph(answer.answer);
  }
  if (content.selfAssessment.text) {
    write.subheading('Med egna ord');
    write.paragraph(content.selfAssessment.text);
  }
  if (answered.length === 0 && !content.selfAssessment.text) {
    write.paragraph('Eleven har inte skrivit något ännu.');
  }

  write.heading('Mål och insatser');
  if (content.goals.length === 0) {
    write.paragraph('Inga mål ännu.');
  }
  content.goals.forEach((goal, index) => {
    write.subheading(`Mål ${index + 1} (${goal.subject ?? 'utveckling i övrigt'})`);
    write.paragraph(goal.text);
    write.paragraph(`Skolan: ${goal.actions.school || '–'}`, { indent: 12 });
    write.paragraph(`Eleven: ${goal.actions.pupil || '–'}`, { indent: 12 });
    write.paragraph(`Vårdnadshavare: ${goal.actions.guardian || '–'}`, { indent: 12 });
    if (goal.followUp) {
      write.paragraph(`Uppföljning: ${goal.followUp}`, { indent: 12 });
    }
  });
  if (content.otherDevelopment) {
    write.subheading('Utveckling i övrigt');
    write.paragraph(content.otherDevelopment);
  }

  if (content.guardianComments.length > 0) {
    write.heading('Vårdnadshavares kommentarer');
    for (const comment of content.guardianComments) {
      write.paragraph(comment.text);
      if (comment.answer) {
        write.paragraph(`Mentorns svar: ${comment.answer.text}`, { indent: 12 });
      }
      write.space(4);
    }
  }

  write.heading('Utvecklingssamtal');
  write.paragraph(`Datum: ${content.talk.date ?? 'inte satt'}`);
  write.paragraph(`Deltagare: ${content.talk.participants.join(', ') || '–'}`);
  write.subheading('Överenskommelser');
  write.paragraph(content.talk.agreements || '–');
}

/** Breaks text into lines that fit the width, keeping the writer's own line breaks. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) {
        lines.push(line);
      }
      // A single word wider than the line is cut where it must be.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) {
          cut -= 1;
        }
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}
