import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { homeView } from './home.view';
import type { HomeView } from './home.view';

@ApiExcludeController()
@Controller()
export class PagesController {
  @Get()
  @Render('home/index.njk')
  showHome(): HomeView {
    return homeView();
  }
}
